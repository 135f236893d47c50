// The ranked answer as DOM nodes: partner note, top pick and runners-up with their reasons, the
// partner's best offer when it ranks lower, the whole list, coverage and method. Every value
// from the API is written as text, never as HTML.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (value !== null && value !== undefined && value !== "") node.setAttribute(key, value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

export function money(amount, currency) {
  const figure = Number(amount);
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency, currencyDisplay: "code" })
      .format(figure);
  } catch {
    return `${currency} ${figure.toFixed(2)}`;
  }
}

export function tax(offer) {
  if (!offer.includes_tax) return "ex. tax";
  return offer.currency === "AUD" ? "inc. GST" : "inc. tax";
}

const ownBadge = (offer, text) => (offer.partner_offer
  ? el("span", { class: "badge", text }) : null);

function card(offer, partnerName) {
  const classes = ["offer", offer.rank === 1 ? "top" : "", offer.partner_offer ? "own" : ""];
  return el("li", { class: classes.filter(Boolean).join(" "), "data-rank": offer.rank },
    el("p", { class: "rank" }, el("span", { class: "rank-number", text: `#${offer.rank}` }),
      offer.rank === 1 ? el("span", { class: "tag", text: "Top pick" }) : null),
    el("h3", { class: "plan", text: offer.name }),
    el("p", { class: "brand" }, offer.brand, " ", ownBadge(offer, `${partnerName}'s own plan`)),
    el("p", { class: "cost" },
      el("strong", { text: money(offer.expected_annual_cost, offer.currency) }),
      ` a year, ${tax(offer)}`),
    el("p", { class: "reason", text: offer.reason }));
}

function partnerNote(partner) {
  return el("p", { class: "partner-message" },
    el("strong", { text: `${partner.name}: ` }), partner.message);
}

function ownBest(answer, shown, partnerName) {
  const id = answer.partner && answer.partner.best_own_offer;
  if (!id || shown.some((offer) => offer.offer_id === id)) return [];
  const offer = answer.offers.find((entry) => entry.offer_id === id);
  if (!offer) return [];
  return [el("h3", { class: "own-title", text: `${partnerName}'s best plan for you` }),
    el("ol", { class: "ranked" }, card(offer, partnerName))];
}

function row(offer, partnerName) {
  return el("tr", { class: offer.partner_offer ? "own" : "" },
    el("td", { text: `#${offer.rank}` }),
    el("th", { scope: "row" }, offer.name, " ", ownBadge(offer, `${partnerName}'s`)),
    el("td", { text: offer.brand }),
    el("td", { class: "amount",
      text: `${money(offer.expected_annual_cost, offer.currency)} ${tax(offer)}` }));
}

function fullList(answer, partnerName) {
  const total = answer.offers_page.total;
  const head = el("tr", {}, ...["Rank", "Plan", "Brand", "A year"]
    .map((text) => el("th", { scope: "col", text })));
  const rows = answer.offers.map((offer) => row(offer, partnerName));
  return el("details", { class: "all" }, el("summary", { text: `All ${total} ranked plans` }),
    el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)),
    total > answer.offers.length
      ? el("p", { class: "hint", text: `The first ${answer.offers.length} are listed.` })
      : null);
}

function coverageLine(coverage) {
  let text = `${coverage.offers_ranked} offers from ${coverage.brands_ranked} brands ranked.`;
  const register = coverage.register;
  if (register && register.brands_without_offers_here) {
    text += ` ${register.brands_without_offers_here} more brands in the public register`
      + " had no plan stored for this area.";
  }
  return el("p", { class: "coverage", text });
}

function methodLine(answer, methodology) {
  const weights = Object.entries((answer.weights && answer.weights.weights) || {})
    .sort((a, b) => b[1] - a[1])
    .map(([name, weight]) => `${name} ${Math.round(weight * 100)}%`).join(", ");
  return el("p", { class: "methodology" }, `Ranking method ${answer.methodology_version}`,
    weights ? ` (weights: ${weights}). ` : ". ",
    el("a", { href: methodology, target: "_blank", rel: "noopener",
      text: "Read the published method" }));
}

// The nodes that show one answer of POST /api/v1/recommendations.
export function answerNodes(answer, { partnerName, methodology }) {
  const shown = [answer.top_pick, ...answer.runners_up].filter(Boolean);
  return [
    answer.partner ? partnerNote(answer.partner) : null,
    shown.length ? el("ol", { class: "ranked" }, ...shown.map((o) => card(o, partnerName)))
      : el("p", { text: "No plan we hold is available to you here." }),
    ...ownBest(answer, shown, partnerName),
    fullList(answer, partnerName), coverageLine(answer.coverage),
    methodLine(answer, methodology),
  ].filter(Boolean);
}
