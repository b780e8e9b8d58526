// Live reload for `partnerkit serve` (injected at serve time only; never part of a built site).
// Listens on the WebSocket beside this script: "reload" reloads the page, "errors" shows the
// failed build's errors over the page until the next good build. The overlay is built with
// createElement and textContent only, so no error text is ever parsed as HTML.

const socketUrl = new URL("__livereload", import.meta.url);
socketUrl.protocol = socketUrl.protocol === "https:" ? "wss:" : "ws:";
const OVERLAY_ID = "partnerkit-build-errors";

function element(tag, text, style) {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (style) node.style.cssText = style;
  return node;
}

function placeOf(error) {
  let place = error.file;
  if (error.line) place += `:${error.line}`;
  if (error.line && error.column) place += `:${error.column}`;
  return place;
}

function clearOverlay() {
  document.getElementById(OVERLAY_ID)?.remove();
}

function showOverlay(errors) {
  clearOverlay();
  const overlay = element("section", null,
    "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
    "background:#fff;color:#1a1a1a;border-top:4px solid #b00020;padding:1rem 1.5rem;" +
    "font:16px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgb(0 0 0 / 25%)");
  overlay.id = OVERLAY_ID;
  overlay.setAttribute("role", "alert");
  overlay.setAttribute("aria-labelledby", `${OVERLAY_ID}-title`);
  const title = element("h2", `The site did not build: ${errors.length} error(s)`,
    "margin:0 0 .5rem;font-size:1.25rem;color:#b00020");
  title.id = `${OVERLAY_ID}-title`;
  const note = element("p", "You are seeing the last good version. Fix the file and save; this page reloads by itself.",
    "margin:0 0 .75rem");
  const list = element("ul", null, "margin:0;padding-left:1.25rem");
  for (const error of errors) {
    const item = element("li", null, "margin-bottom:.5rem");
    item.append(element("code", placeOf(error), "font-weight:bold"), document.createTextNode(`: ${error.message}`));
    if (error.hint) item.append(element("div", `Hint: ${error.hint}`, "color:#333"));
    list.append(item);
  }
  const close = element("button", "Hide", "min-width:44px;min-height:44px;margin-top:.5rem;padding:0 1rem;" +
    "font:inherit;color:#fff;background:#1a1a1a;border:2px solid #1a1a1a;border-radius:4px;cursor:pointer");
  close.type = "button";
  close.addEventListener("click", clearOverlay);
  overlay.append(title, note, list, close);
  document.body.append(overlay);
}

function connect(reconnecting) {
  const socket = new WebSocket(socketUrl);
  // After the server restarts, the page may be stale: reload once the socket is back.
  socket.addEventListener("open", () => { if (reconnecting) window.location.reload(); });
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "reload") window.location.reload();
    else if (message.type === "errors") showOverlay(message.errors);
  });
  socket.addEventListener("close", () => setTimeout(() => connect(true), 1000));
}

connect(false);
