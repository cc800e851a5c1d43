// `npm run build` (and `prepare`, which npm runs after `npm ci` or `npm install` here, before a pack or a publish,
// and in the temporary clone it makes to install this repository as a git dependency): dist/, ESM plus declarations
// of the client.
import { build } from "./lib/build.mjs";

await build();
console.log("Built dist/ from src/ and generated/.");
