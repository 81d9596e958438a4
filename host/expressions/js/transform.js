// Reads an expression with acorn and rewrites calls of n8n's functions, as n8n does:
// `a.b.first()` becomes `__x.ext(a.b, "first", [])`. Everything else is left as written.
(function (g) {
  "use strict";
  const K = g.__kflow;
  const acorn = g.acorn;
  const NAMES = new Set(K.extensionNames);

  function isTarget(node) {
    if (node.type !== "CallExpression") return false;
    const callee = node.callee;
    return callee.type === "MemberExpression" && !callee.computed
      && callee.property.type === "Identifier" && NAMES.has(callee.property.name);
  }

  function children(node) {
    const found = [];
    for (const key of Object.keys(node)) {
      if (key === "type" || key === "start" || key === "end" || key === "loc") continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const v of value) if (v && typeof v.type === "string") found.push(v);
      } else if (value && typeof value.type === "string") {
        found.push(value);
      }
    }
    return found;
  }

  // The outermost rewritable calls inside `node`, in source order.
  function targetsIn(node, out) {
    for (const child of children(node)) {
      if (isTarget(child)) out.push(child);
      else targetsIn(child, out);
    }
    return out;
  }

  function emit(source, node) {
    if (isTarget(node)) return call(source, node);
    return splice(source, node.start, node.end, targetsIn(node, []));
  }

  function splice(source, start, end, targets) {
    let text = "";
    let at = start;
    for (const t of targets) {
      text += source.slice(at, t.start) + call(source, t);
      at = t.end;
    }
    return text + source.slice(at, end);
  }

  function call(source, node) {
    const callee = node.callee;
    const target = emit(source, callee.object);
    const args = node.arguments.map((a) => emit(source, a)).join(", ");
    const name = JSON.stringify(callee.property.name);
    const fn = callee.optional || node.optional ? "__x.extOptional" : "__x.ext";
    return `${fn}(${target}, ${name}, [${args}])`;
  }

  // The expression rewritten, or a SyntaxError naming the line and column.
  // Like n8n, trailing semicolons are dropped and a bare `{ … }` is an object.
  K.transform = function (source) {
    const body = source.replace(/[\s;]+$/, "");
    const lines = body.split("\n");
    const wrapped = "(" + body + (body.includes("//") ? "\n)" : ")");
    let ast;
    try {
      ast = acorn.parse(wrapped, { ecmaVersion: "latest", locations: true });
    } catch (e) {
      let where = "";
      if (e.loc) {
        const line = Math.min(e.loc.line, lines.length);
        const column = e.loc.line > lines.length ? lines[line - 1].length + 1
          : line === 1 ? Math.max(e.loc.column, 1) : e.loc.column + 1;
        where = ` at line ${line}, column ${column}`;
      }
      throw new SyntaxError(String(e.message).replace(/\s*\(\d+:\d+\)$/, "") + where);
    }
    if (ast.body.length !== 1 || ast.body[0].type !== "ExpressionStatement") {
      throw new SyntaxError("an expression is expected, not statements");
    }
    // Joined, so that a long result is a flat string the wrapper can hand to Python.
    return [emit(wrapped, ast.body[0].expression)].join("");
  };
})(globalThis);
