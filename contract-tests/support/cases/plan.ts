// What each target is sent. The mock and the self-check's local servers get every case; a live server gets only
// what is safe there: the auth cases, the negative bodies Nexor's docs say it rejects (each to a random lead), and
// the real sends the person running it asked for.
import type { Target } from "../target.js";
import { authCases } from "./auth.js";
import type { ContractCase } from "./contract-case.js";
import { liveSendCases } from "./live-sends.js";
import { negativeCases } from "./negative.js";
import { exampleBodies, generatedBodies, positiveCases } from "./positive.js";
import { seededRandom } from "./random.js";

/** The operation the suite covers; the only one the spec has today. */
export const operationId = "sendMessage";

/** Every case of a run against `target`, in the order they are sent. */
export function planCases(target: Target): ContractCase[] {
  const examples = exampleBodies(operationId);
  const generated = generatedBodies(operationId, target.seed, target.cases);
  // Its own stream of choices, so that the mutations do not shift when the generator draws differently.
  const random = seededRandom(target.seed);
  const bases = [...examples, ...generated];
  const auth = authCases(operationId, examples[0]!);
  if (target.kind === "live") {
    return [
      ...auth,
      ...negativeCases(operationId, bases, ["documented"], random, target.cases, false),
      ...(target.sends ? liveSendCases(operationId, target.sends) : []),
    ];
  }
  return [
    ...auth.map((contractCase) =>
      // Prism checks only that a key is present (contract-anchors §1.3): an invalid key is checked on real servers.
      target.kind === "mock" && contractCase.credentials === "invalid"
        ? { ...contractCase, skip: "Prism checks only that a key is present; this is checked live" }
        : contractCase,
    ),
    ...positiveCases(examples, generated),
    ...negativeCases(operationId, bases, ["documented", "contract-only"], random, target.cases, target.kind === "mock"),
  ];
}
