// Writes Camunda 8.8's Orchestration Cluster REST API, as the official client generated from its
// OpenAPI document knows it, to one JSON file: every operation (name, method, path) with the JSON
// Schema of its request body and of its success response.
//
// The schemas come from the installed @camunda8/orchestration-cluster-api 8.8 (package-lock.json):
// the client is generated from the 8.8 specification, and the zod schemas it validates with are
// that specification in executable form. Nothing of the client is kept in the project; the file
// this writes is a build artifact for the tests.
//
// usage: node tools/rest-spec.mjs OUT.json

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
// The package exports no package.json: find its folder from its entry point.
const packageDir = path.resolve(path.dirname(require.resolve("@camunda8/orchestration-cluster-api")), "..");
const packageVersion = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")).version;
if (!packageVersion.startsWith("8.8.")) {
  throw new Error(`@camunda8/orchestration-cluster-api ${packageVersion} is not an 8.8 client`);
}

const bundle = (() => {
  const dist = path.join(packageDir, "dist");
  const index = readFileSync(path.join(dist, "index.js"), "utf8");
  const chunk = index.match(/from "\.\/(chunk-[A-Za-z0-9_-]+\.js)"/g)
    .map((m) => m.slice(8, -1))
    .find((name) => readFileSync(path.join(dist, name), "utf8").includes("// src/gen/zod.gen.ts"));
  return readFileSync(path.join(dist, chunk), "utf8");
})();

function section(start, end) {
  const from = bundle.indexOf(start);
  const to = bundle.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`the client bundle has no section ${start}`);
  return bundle.slice(from, to);
}

// The operations: each generated SDK function names its method and URL template.
const operations = [];
const sdk = section("// src/gen/sdk.gen.ts", "// src/gen/zod.gen.ts");
const operationPattern =
  /var (\w+) = \(options\) => \{\s*return \(options\??\.client \?\? client\)\.(get|post|put|patch|delete)\(\{[\s\S]*?url: "([^"]+)"/g;
for (const match of sdk.matchAll(operationPattern)) {
  operations.push({ operationId: match[1], method: match[2].toUpperCase(), path: match[3] });
}

// The zod schemas, evaluated as a module of their own against the client's own zod.
const zodSource = section("// src/gen/zod.gen.ts", "\n// src/runtime/")
  .replace('import { z } from "zod";', "");
const zodUrl = pathToFileURL(require.resolve("zod", { paths: [packageDir] })).href;
const moduleDir = mkdtempSync(path.join(tmpdir(), "rest-spec-"));
const modulePath = path.join(moduleDir, "schemas.mjs");
writeFileSync(
  modulePath,
  `import { z } from ${JSON.stringify(zodUrl)};
var __defProp = Object.defineProperty;
var __export = (target, all) => { for (var name in all) __defProp(target, name, { get: all[name], enumerable: true }); };
${zodSource}
export default zod_gen_exports;
`,
);
const { default: schemas } = await import(pathToFileURL(modulePath).href);
const { z } = await import(zodUrl);

function jsonSchema(schema) {
  if (!schema) return null;
  try {
    return z.toJSONSchema(schema, { io: "output", unrepresentable: "any", target: "draft-2020-12" });
  } catch (error) {
    return { $comment: `not representable: ${error.message}` };
  }
}

const capital = (name) => name[0].toUpperCase() + name.slice(1);
for (const operation of operations) {
  const data = schemas[`z${capital(operation.operationId)}Data`];
  const response = schemas[`z${capital(operation.operationId)}Response`];
  const shape = data?.shape ?? {};
  operation.requestBody = shape.body ? jsonSchema(shape.body) : null;
  operation.query = shape.query ? jsonSchema(shape.query) : null;
  operation.response = response ? jsonSchema(response) : null;
}

const out = process.argv[2];
if (!out) throw new Error("usage: node tools/rest-spec.mjs OUT.json");
writeFileSync(out, JSON.stringify({ client: packageVersion, operations }, null, 1));
console.log(`${operations.length} operations of the 8.8 REST API written to ${out}`);
