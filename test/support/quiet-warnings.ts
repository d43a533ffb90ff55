// The suite asserts warnings through `mesh.diagnostics` and the validation error; their stderr report is noise here.
process.env.CDK8S_MESH_WARNINGS = 'off';
