import { CompileContext } from './context';
import { Rule } from './diagnostics/rule';

/**
 * One step of the compiler: reads the model and what earlier passes produced from the context, reports findings and
 * records what it produces. Pure apart from the context; knows no target.
 */
export interface Pass {
  /** Short name, shown in the README's pass list. */
  readonly name: string;
  /** The rules this pass may report. */
  readonly rules: readonly Rule[];
  /** Runs the pass. */
  run(context: CompileContext): void;
}
