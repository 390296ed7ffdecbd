// A receiver for Hooky's forwarding test, as an app team would write one: it verifies every
// request with npm's standardwebhooks package, then answers. It prints one JSON line per event
// to stdout, which the Java test reads:
//   {"listening": PORT}                        once, when ready
//   {"id", "timestamp", "verified", "error", "event", "status"}   per request
// Environment: RECEIVER_SECRET (the whsec_ secret), RECEIVER_FAIL_FIRST (answer 500 to the first
// N verified requests).
"use strict";
const http = require("http");
const { Webhook } = require("standardwebhooks");

const webhook = new Webhook(process.env.RECEIVER_SECRET);
let failFirst = Number(process.env.RECEIVER_FAIL_FIRST || "0");

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const record = { id: req.headers["webhook-id"], timestamp: req.headers["webhook-timestamp"] };
    try {
      const event = webhook.verify(body, req.headers);
      record.verified = true;
      record.event = `${event.object_type}_${event.metric}`;
      record.status = failFirst > 0 ? 500 : 204;
      failFirst -= 1;
    } catch (error) {
      record.verified = false;
      record.error = error.message;
      record.status = 401;
    }
    console.log(JSON.stringify(record));
    res.writeHead(record.status).end();
  });
});

server.listen(0, "127.0.0.1", () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});
// The test closes our stdin when it is done (or dies): never outlive it.
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
