// JSON schemas for the Teams-only card elements Reassure sends, which the official Adaptive Card 1.5 schema does not
// list. Written from the documented properties: Microsoft Teams, "Charts in Adaptive Cards"
// (learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards), checked against the
// card types Microsoft generates for Teams (microsoft/teams.ts, packages/cards/src/core.ts). Teams draws charts in cards
// of version 1.5. Only the elements in use are here: a new chart type gets its schema before it goes on a card.
//
// Stricter than the documentation on purpose: no property outside the documented list (a misspelt one would be ignored
// by Teams and the chart drawn wrong), and every series point needs its x and y.

const OFFICIAL = "http://adaptivecards.io/schemas/adaptive-card.json#/definitions";

const CHART_COLORS = [
  "good",
  "warning",
  "attention",
  "neutral",
  "categoricalRed",
  "categoricalPurple",
  "categoricalLavender",
  "categoricalBlue",
  "categoricalLightBlue",
  "categoricalTeal",
  "categoricalGreen",
  "categoricalLime",
  "categoricalMarigold",
  "sequential1",
  "sequential2",
  "sequential3",
  "sequential4",
  "sequential5",
  "sequential6",
  "sequential7",
  "sequential8",
  "divergingBlue",
  "divergingLightBlue",
  "divergingCyan",
  "divergingTeal",
  "divergingYellow",
  "divergingPeach",
  "divergingLightRed",
  "divergingRed",
  "divergingMaroon",
  "divergingGray",
];

const TARGET_WIDTHS = ["VeryNarrow", "Narrow", "Standard", "Wide"].flatMap((w) => [w, `atLeast:${w}`, `atMost:${w}`]);

/** What every Teams chart element takes; the values shared with standard elements use the official definitions. */
const chartProperties = {
  id: { type: "string" },
  requires: { $ref: `${OFFICIAL}/Extendable.Item/properties/requires` },
  lang: { type: "string" },
  isVisible: { type: "boolean" },
  separator: { type: "boolean" },
  height: { $ref: `${OFFICIAL}/BlockElementHeight` },
  horizontalAlignment: { $ref: `${OFFICIAL}/HorizontalAlignment` },
  spacing: { $ref: `${OFFICIAL}/Spacing` },
  targetWidth: { enum: TARGET_WIDTHS },
  "grid.area": { type: "string" },
  // An element object is checked by the official schema in the chart's place (see cardSchema.ts).
  fallback: { anyOf: [{ $ref: `${OFFICIAL}/FallbackOption` }, { type: "object", required: ["type"] }] },
  title: { type: "string" },
  colorSet: { enum: ["categorical", "sequential", "diverging"] },
  color: { enum: CHART_COLORS },
} as const;

const groupedVerticalBarChart = {
  type: "object",
  required: ["type", "data"],
  additionalProperties: false,
  properties: {
    type: { const: "Chart.VerticalBar.Grouped" },
    ...chartProperties,
    xAxisTitle: { type: "string" },
    yAxisTitle: { type: "string" },
    stacked: { type: "boolean" },
    showBarValues: { type: "boolean" },
    data: {
      type: "array",
      items: {
        type: "object",
        required: ["legend", "values"],
        additionalProperties: false,
        properties: {
          legend: { type: "string" },
          color: { enum: CHART_COLORS },
          values: {
            type: "array",
            items: {
              type: "object",
              required: ["x", "y"],
              additionalProperties: false,
              properties: { x: { type: "string" }, y: { type: "number" } },
            },
          },
        },
      },
    },
  },
} as const;

/** Schemas by element type. */
export const teamsChartSchemas: Record<string, object> = {
  "Chart.VerticalBar.Grouped": groupedVerticalBarChart,
};
