// The "Save the toolkit for offline use" page: shows how much there is to download, asks the
// service worker (sw.js) to save every file, and shows its progress as the worker reports it.
// Every message is written with textContent.

const root = document.querySelector("[data-offline-list]");
if (root) start(root);

/** "512 bytes", "3.4 KB", "12 MB". */
export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

async function start(root) {
  const ui = {
    size: root.querySelector(".js-offline-size"),
    button: root.querySelector(".js-offline-save"),
    progressRow: root.querySelector(".js-offline-progress-row"),
    progress: root.querySelector(".js-offline-progress"),
    count: root.querySelector(".js-offline-count"),
    status: root.querySelector(".js-offline-status"),
  };
  if (document.querySelector("script[data-live-reload]")) {
    ui.size.textContent = "Saving for offline use works on the published toolkit, not in the preview (partnerkit serve).";
    return;
  }
  if (!("serviceWorker" in navigator) || !("caches" in window)) {
    ui.size.textContent = "This browser cannot save the toolkit for offline use. Pages you open may still be kept by the browser.";
    return;
  }
  const list = await loadList(root.dataset.offlineList);
  if (!list) {
    ui.size.textContent = "The list of files could not be loaded. Connect to the internet and reload this page.";
    return;
  }
  ui.size.textContent = `Saving the toolkit downloads ${list.count} files, ${formatBytes(list.bytes)} in all.`;
  ui.size.dataset.bytes = String(list.bytes);
  navigator.serviceWorker.addEventListener("message", (event) => onMessage(event.data || {}, ui, root));
  navigator.serviceWorker.startMessages();
  const registration = await navigator.serviceWorker.ready;
  registration.active.postMessage({ type: "status" });
  ui.button.disabled = false;
  ui.button.addEventListener("click", () => {
    ui.button.disabled = true;
    ui.progressRow.hidden = false;
    ui.progress.max = list.count;
    ui.progress.value = 0;
    ui.count.textContent = `0 of ${list.count} files`;
    ui.status.textContent = "Saving the toolkit…";
    delete root.dataset.saved;
    registration.active.postMessage({ type: "save" });
  });
}

async function loadList(url) {
  try {
    const response = await fetch(url);
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

function onMessage(message, ui, root) {
  if (message.type === "progress") {
    ui.progress.max = message.total;
    ui.progress.value = message.done;
    ui.count.textContent = `${message.done} of ${message.total} files (${formatBytes(message.bytes)} of ${formatBytes(message.totalBytes)})`;
  } else if (message.type === "saved") {
    ui.button.disabled = false;
    ui.status.textContent = `Saved ${message.files} files (${formatBytes(message.bytes)}). The toolkit now works on this device without a connection.`;
    root.dataset.saved = message.version;
  } else if (message.type === "save-failed") {
    ui.button.disabled = false;
    ui.status.textContent = `Saving stopped: ${message.message}. Check the connection and try again.`;
  } else if (message.type === "status" && message.saved && !ui.status.textContent) {
    ui.status.textContent = "The toolkit is saved on this device. Save again to check that nothing is missing.";
  }
}
