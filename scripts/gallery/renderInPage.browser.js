// Runs in the gallery page after adaptivecards.min.js. Kept as plain browser JavaScript so that the Node type-check
// (which has no DOM library) never sees it.
window.renderGalleryCard = function (cardJson, hostConfigJson) {
  const card = new AdaptiveCards.AdaptiveCard();
  card.hostConfig = new AdaptiveCards.HostConfig(hostConfigJson);
  const context = new AdaptiveCards.SerializationContext();
  card.parse(cardJson, context);
  const rendered = card.render();
  const bubble = document.getElementById("bubble");
  bubble.replaceChildren(rendered);
  const problems = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push(event.message);
  }
  const buttons = [...bubble.querySelectorAll("button.ac-pushButton")].map((b) => b.textContent.trim());
  return { problems, buttons };
};
