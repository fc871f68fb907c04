// The `sigla/layers` lint rule: the architecture's layers as allow-lists, in the manner of VS Code's layering rule
// (each layer lists what it MAY import; anything else is refused). The table itself lives in eslint.config.mjs.
//
// A layer is { name, files: [repo-relative folder or file prefixes], allow: [entries] }. A file belongs to the layer
// with the longest matching prefix. Each import (static, dynamic, re-export, `import x = require()`, `require()`,
// `import('…')` types) is checked against the allow entries of the file's layer:
//   - 'electron/core/asn1/'    a repo-relative folder (ends with '/') or file (without extension) the import may reach;
//   - 'node:crypto'            a Node built-in ('fs' and 'node:fs' are the same); 'node:*' is any built-in;
//   - 'pdf-lib'                a package and its subpaths ('pdfjs-dist' allows 'pdfjs-dist/build/…');
//   - { path|module, typeOnly: true }  the same, for `import type` only.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));
const EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** The repo-relative, extension-less, '/'-separated path of a relative import, or null for a bare specifier. */
function targetPath(root, filename, spec) {
  if (!spec.startsWith('.')) return null;
  return relative(root, resolve(dirname(filename), spec)).split(sep).join('/').replace(EXTENSION, '');
}

/** 'node:fs' for a built-in, the package name ('@scope/name' or 'name') for a package. */
function bareModule(spec) {
  const plain = spec.replace(/^node:/, '').replace(/\?.*$/, '');
  if (spec.startsWith('node:') || BUILTINS.has(plain.split('/')[0]) || BUILTINS.has(plain)) return { builtin: `node:${plain}` };
  const parts = plain.split('/');
  return { pkg: plain.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] };
}

function entryAllows(entry, path, bare, typeOnly) {
  const e = typeof entry === 'string' ? { value: entry } : { value: entry.path ?? entry.module, typeOnly: entry.typeOnly === true };
  if (e.typeOnly && !typeOnly) return false;
  const v = e.value;
  if (path !== null) {
    if (v.startsWith('node:') || !v.includes('/') || v.startsWith('@')) return false;
    return v.endsWith('/') ? path.startsWith(v) || `${path}/` === v : path === v.replace(EXTENSION, '');
  }
  if (bare.builtin) return v === 'node:*' || v === bare.builtin || (v.endsWith('/*') && v.startsWith('node:') && bare.builtin.startsWith(v.slice(0, -1)));
  return v === bare.pkg;
}

function layerOf(layers, file) {
  let best = null;
  let bestLength = -1;
  for (const layer of layers) {
    for (const prefix of layer.files) {
      const match = prefix.endsWith('/') ? file.startsWith(prefix) : file.replace(EXTENSION, '') === prefix.replace(EXTENSION, '');
      if (match && prefix.length > bestLength) {
        best = layer;
        bestLength = prefix.length;
      }
    }
  }
  return best;
}

function isTypeOnlyImport(node) {
  if (node.type === 'TSImportType') return true;
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  if (node.type === 'ImportDeclaration' && node.specifiers.length > 0) return node.specifiers.every((s) => s.importKind === 'type');
  if (node.type === 'ExportNamedDeclaration' && node.specifiers.length > 0) return node.specifiers.every((s) => s.exportKind === 'type');
  return false;
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what its allow-list names (README, Architecture).' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, layers: { type: 'array' } }, required: ['root', 'layers'], additionalProperties: false }],
    messages: {
      refused: "{{layer}} may not import '{{spec}}' ({{what}}): not in its allow-list (eslint.config.mjs, README Architecture).",
      unknown: 'This file belongs to no layer of eslint.config.mjs: add it to one.',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const filename = context.filename ?? context.getFilename();
    const file = relative(root, filename).split(sep).join('/');
    const layer = layerOf(layers, file);
    if (layer === null) {
      return { Program: (node) => context.report({ node, messageId: 'unknown' }) };
    }
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const spec = source.value;
      const path = targetPath(root, filename, spec);
      const bare = path === null ? bareModule(spec) : null;
      const typeOnly = isTypeOnlyImport(node);
      if (layer.allow.some((entry) => entryAllows(entry, path, bare, typeOnly))) return;
      const what = path ?? bare.builtin ?? `package ${bare.pkg}`;
      context.report({ node: source, messageId: 'refused', data: { layer: layer.name, spec, what } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportType: (node) => check(node, node.argument?.literal ?? node.source ?? node.argument),
      TSExternalModuleReference: (node) => check(node, node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0]);
      },
    };
  },
};

export default { rules: { layers: layersRule } };
