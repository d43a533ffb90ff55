/**
 * The examples import 'cdk8s-mesh' exactly as a user's app does. Inside this repository that name is the library's
 * own source: `paths` in examples/tsconfig.json maps it for the type checker, and this hook, which ts-node loads
 * before an example (`"ts-node": { "require": [...] }` in examples/tsconfig.json), maps it for Node. The tests map it
 * with jest's moduleNameMapper. In an app of your own, `npm install cdk8s-mesh` and none of this is needed.
 */
import Module from 'module';
import * as path from 'path';

const SOURCE = path.resolve(__dirname, '..', 'src');
const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  return resolve.call(this, request === 'cdk8s-mesh' ? SOURCE : request, ...rest);
};
