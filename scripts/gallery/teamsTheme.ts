/**
 * An approximation of the Microsoft Teams light theme for the official Adaptive Cards renderer. Teams does not
 * publish its host config, so the values are read off the Teams UI (Fluent 2 light palette, 14 px Segoe UI, buttons in
 * one wrapping row). Machines without Segoe UI fall back to Liberation Sans, which has Arial's metrics, so text wraps
 * close to where it would in Teams. Only what a screenshot shows matters here: this is for eyes, not for tests.
 */
const colour = (normal: string, subtle: string) => ({ default: normal, subtle });

const foreground = {
  default: colour("#242424", "#616161"),
  dark: colour("#242424", "#424242"),
  light: colour("#FFFFFF", "#F5F5F5"),
  accent: colour("#5B5FC7", "#7579EB"),
  good: colour("#0E700E", "#107C10"),
  warning: colour("#8A3707", "#BC4B09"),
  attention: colour("#C4314B", "#D13438"),
};

const fontFamily = "'Segoe UI', 'Segoe UI Web (West European)', 'Liberation Sans', Arial, sans-serif";

export const teamsHostConfig = {
  fontFamily,
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: "#E0E0E0" },
  supportsInteractivity: true,
  containerStyles: {
    default: { backgroundColor: "#FFFFFF", foregroundColors: foreground },
    emphasis: { backgroundColor: "#F5F5F5", foregroundColors: foreground },
    accent: { backgroundColor: "#E8EBFA", foregroundColors: foreground },
    good: { backgroundColor: "#F1FAF1", foregroundColors: foreground },
    attention: { backgroundColor: "#FDF3F4", foregroundColors: foreground },
    warning: { backgroundColor: "#FFF9F5", foregroundColors: foreground },
  },
  actions: {
    maxActions: 6,
    spacing: "default",
    buttonSpacing: 8,
    showCard: { actionMode: "inline", inlineTopMargin: 16 },
    actionsOrientation: "horizontal",
    actionAlignment: "left",
  },
  factSet: {
    title: { color: "default", size: "default", isSubtle: false, weight: "bolder", wrap: true, maxWidth: 150 },
    value: { color: "default", size: "default", isSubtle: false, weight: "default", wrap: true },
    spacing: 12,
  },
  inputs: {
    label: {
      requiredInputs: { weight: "bolder", suffix: " *", suffixColor: "attention" },
      optionalInputs: { weight: "bolder" },
    },
    errorMessage: { size: "small", color: "attention" },
  },
};

/** Teams-like chrome around the renderer's markup: a message bubble, Fluent buttons and inputs. */
export const teamsCss = `
  body { margin: 0; padding: 16px; background: #F5F5F5; font-family: ${fontFamily}; }
  button, input, select, textarea { font-family: ${fontFamily}; }
  .bubble { width: 420px; box-sizing: border-box; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px;
            box-shadow: 0 1px 2px rgba(0,0,0,0.14); overflow: hidden; }
  .ac-adaptiveCard:focus { outline: none; }
  .ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
  .ac-pushButton { font-family: ${fontFamily}; font-size: 14px; font-weight: 600; min-height: 32px; padding: 5px 12px;
                   border: 1px solid #D1D1D1; border-radius: 4px; background: #FFFFFF; color: #242424; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-pushButton.style-destructive { background: #FFFFFF; border-color: #C4314B; color: #C4314B; }
  .ac-input { font-family: ${fontFamily}; font-size: 14px; }
  .ac-input.ac-textInput, .ac-input.ac-dateInput, .ac-input.ac-timeInput, .ac-input.ac-multichoiceInput {
    box-sizing: border-box; min-height: 32px; padding: 4px 8px; border: 1px solid #D1D1D1; border-bottom-color: #616161;
    border-radius: 4px; background: #FFFFFF; color: #242424; }
  .ac-input.ac-textInput.ac-multiline { min-height: 72px; }
`;
