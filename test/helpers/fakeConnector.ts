// One fake Bot Connector for tests and the pilot simulation: src/ cannot import from test/, so it lives there.
export { FakeConnector, type ConnectorRequest, type Fault, type FaultContext, type Member } from "../../src/simulation/fakeConnector.js";
