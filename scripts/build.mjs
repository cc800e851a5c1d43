// `npm run build` (and prepack): dist/, ESM plus declarations of the client.
import { build } from "./lib/build.mjs";

await build();
console.log("Built dist/ from src/ and generated/.");
