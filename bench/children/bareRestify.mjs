import restify from "restify";

// Baseline for the process benchmark: the least a restify server can be — one route answering 200 — started the same
// way as Reassure (same node, same loader), listening on PORT on loopback.
const server = restify.createServer({ name: "bare" });
server.get("/readyz", (_req, res, next) => {
  res.send(200, { status: "ready" });
  next();
});
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
