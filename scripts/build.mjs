// `npm run build` (and `prepare`, which npm runs after `npm ci` or `npm install` here, before a pack or a publish,
// and in the temporary clone it makes to install this repository as a git dependency): dist/, ESM plus declarations
// of the client.
import { build } from "./lib/build.mjs";

const { built } = await build();
console.log(built ? "Built dist/ from src/ and generated/." : "dist/ is already the build of src/ and generated/ as they are.");
