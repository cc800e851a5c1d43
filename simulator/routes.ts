// Every documented operation the simulator serves: 38, by the docs' catalogue.
import type { Route } from "./route.js";
import { automationRoutes } from "./rules/automation.js";
import { conversionRoutes } from "./rules/conversions.js";
import { leadRoutes } from "./rules/leads.js";
import { meetingRoutes } from "./rules/meetings.js";
import { messageRoutes } from "./rules/messages.js";
import { noteRoutes } from "./rules/notes.js";
import { processorRoutes } from "./rules/processors.js";
import { tagRoutes } from "./rules/tags.js";

export const routes: Route[] = [
  ...messageRoutes,
  ...leadRoutes,
  ...automationRoutes,
  ...tagRoutes,
  ...processorRoutes,
  ...meetingRoutes,
  ...noteRoutes,
  ...conversionRoutes,
];
