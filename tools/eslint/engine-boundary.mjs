// ESLint rule: the metrics engine (src/engine) is pure. It may import only other engine modules: nothing
// from Node, the database, the web, or any package. The rule resolves relative imports, so a path that
// climbs out of src/engine is caught however it is spelled.
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
export const engineBoundary = {
  meta: {
    type: 'problem',
    docs: { description: 'The engine imports nothing but other engine modules.' },
    schema: [{ type: 'object', properties: { engineDir: { type: 'string' } }, additionalProperties: false }],
    messages: {
      outside:
        "The engine must not import '{{source}}': it stays free of Node, database and web code (see docs/ARCHITECTURE.md).",
    },
  },
  create(context) {
    const engineDir = path.resolve(context.cwd, context.options[0]?.engineDir ?? 'src/engine');
    const file = context.filename;
    // Tests of the engine may use the test runner and read their golden files; the engine itself may not.
    if (!file.startsWith(engineDir + path.sep) || /\.test\.[cm]?[jt]s$/.test(file)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const inside =
        source.startsWith('.') && path.resolve(path.dirname(file), source).startsWith(engineDir + path.sep);
      if (!inside) context.report({ node, messageId: 'outside', data: { source } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ImportExpression: (node) =>
        check(node, node.source.type === 'Literal' ? node.source.value : '(dynamic)'),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, '(require)');
      },
    };
  },
};

/** Extra rules for src/engine: no clock, no randomness, no process, no printing. */
export const engineRules = {
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'The engine takes its settings as arguments.' },
    { name: 'fetch', message: 'The engine does no I/O.' },
    { name: 'setTimeout', message: 'The engine does no timing.' },
    { name: 'setInterval', message: 'The engine does no timing.' },
    { name: 'console', message: 'The engine returns results; it does not print.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'The engine never reads the clock: take the date as an argument.',
    },
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: 'The engine never reads the clock: take the date as an argument.',
    },
    {
      selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
      message: 'The engine is deterministic: no Math.random.',
    },
  ],
};
