// Page through a lead's whole conversation history: awaiting the call gives one page; iterating it gives every item,
// the next page requested only when the last one is used up.
//   NEXOR_API_KEY=nxr_live_… npx tsx examples/lead-history.ts <lead id>
import { createNexorClient } from "@nexor/api";

const nexor = createNexorClient();
const leadId = process.argv[2] ?? "3c90c3cc-0d44-4b50-8888-8dd25736052a";

const firstPage = await nexor.leads.history(leadId, { channel: ["whatsapp", "email"], limit: 100 });
console.log(`Lead ${firstPage.lead?.first_name ?? leadId}: ${firstPage.history?.length ?? 0} items on the first page`);

let count = 0;
for await (const item of nexor.leads.history(leadId, { limit: 100 })) {
  count++;
  console.log(
    `${item.timestamp ?? "?"}  ${item.channel ?? "?"}  ${"content" in item && item.content ? item.content : "title" in item ? item.title : ""}`,
  );
}
console.log(`${count} items in all`);
