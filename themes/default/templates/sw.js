// The toolkit's service worker, generated at build time (templates/sw.js). Its version is a
// hash of every file of the site, so any change to the site changes this file and browsers
// install the new worker; the new worker waits until the reader chooses to reload.
//
// Pages and Pagefind's unhashed entry files: network first, then the cache (then, for pages,
// the cached 404 page). Other files under the scope: cache first (their names carry a content
// hash, or their content is fixed for one version). "Save for offline" fetches
// every file named in the versioned file list into this version's cache; once a reader has
// saved, every later version saves everything again while it installs.

const VERSION = {{ version | json_encode | safe }};
const BASE = {{ base_path | json_encode | safe }};
const LIST_URL = {{ list_url | json_encode | safe }};
const NOT_FOUND = {{ not_found_url | json_encode | safe }};
// Saved at install, so every page a reader has seen keeps its look offline.
const SHELL = [BASE, NOT_FOUND, {{ get_url(path="css/site.css") | json_encode | safe }}, {{ get_url(path="js/site.js") | json_encode | safe }}];
const PREFIX = `partnerkit:${BASE}:`;
const CACHE = `${PREFIX}${VERSION}`;
// Where "the reader saved the whole toolkit" is remembered, across versions.
const STATE_CACHE = `partnerkit-state:${BASE}`;
const SAVED_KEY = `${BASE}__partnerkit-saved`;
const PARALLEL = 6;

self.addEventListener("install", (event) => {
  event.waitUntil(install());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "activate-update") {
    self.skipWaiting();
  } else if (data.type === "save") {
    event.waitUntil(saveAndReport(event.source));
  } else if (data.type === "status" && event.source) {
    event.waitUntil(isSaved().then((saved) => event.source.postMessage({ type: "status", version: VERSION, saved })));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (url.pathname === new URL(self.location.href).pathname) return;
  const fresh = request.mode === "navigate" || isUnversioned(url);
  event.respondWith(fresh ? networkFirst(request, url) : cacheFirst(request, url));
});

/**
 * Pagefind's entry file (and the loader files beside it) keep their names from one build to
 * the next, unlike its hashed index chunks. While an update waits, a stale entry would point
 * to chunks the new site no longer has, so these are fetched fresh whenever there is a network.
 */
function isUnversioned(url) {
  const rest = url.pathname.slice(BASE.length);
  return rest.startsWith("pagefind/") && !rest.slice("pagefind/".length).includes("/");
}

async function install() {
  const cache = await caches.open(CACHE);
  await cache.addAll(SHELL.map((path) => new Request(path, { cache: "no-cache" })));
  // A reader who saved the toolkit keeps a complete copy: if this fails, the install fails
  // and the previous worker, with its complete cache, stays in charge until the next try.
  if (await isSaved()) await saveAll(cache, () => {});
}

async function activate() {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
  await self.clients.claim();
}

/** The address a file is stored under: without its query, which never changes a static file. */
function key(url) {
  return url.origin + url.pathname;
}

function storable(response) {
  return response && response.ok && response.type === "basic" && !response.redirected;
}

async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  try {
    // Revalidate rather than trust the HTTP cache: a page fresh there may be older than the site.
    const response = await fetch(new Request(request, { cache: "no-cache" }));
    if (storable(response)) await cache.put(key(url), response.clone());
    return response;
  } catch (error) {
    const slashed = url.pathname.endsWith("/") ? null : `${url.origin}${url.pathname}/`;
    const cached = (await cache.match(key(url))) || (slashed && (await cache.match(slashed)));
    if (cached) return cached;
    const missing = request.mode === "navigate" && (await cache.match(self.location.origin + NOT_FOUND));
    if (missing) return new Response(missing.body, { status: 404, headers: missing.headers });
    throw error;
  }
}

async function cacheFirst(request, url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(key(url));
  if (cached) return cached;
  const response = await fetch(request);
  if (storable(response)) await cache.put(key(url), response.clone());
  return response;
}

async function isSaved() {
  const state = await caches.open(STATE_CACHE);
  return Boolean(await state.match(SAVED_KEY));
}

async function markSaved() {
  const state = await caches.open(STATE_CACHE);
  await state.put(SAVED_KEY, new Response(VERSION));
}

/** Fetches every listed file missing from `cache`, a few at a time, reporting progress. */
async function saveAll(cache, report) {
  const response = await fetch(LIST_URL, { cache: "no-cache" });
  if (!response.ok) throw new Error(`the file list could not be loaded (${response.status})`);
  const list = await response.json();
  const files = list.files;
  let done = 0;
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const [path, size] = files[next];
      next += 1;
      const url = new URL(path, self.location.origin);
      if (!(await cache.match(key(url)))) {
        const fetched = await fetch(url.href, { cache: "no-cache" });
        if (!storable(fetched)) throw new Error(`${path} could not be downloaded (${fetched.status})`);
        await cache.put(key(url), fetched);
      }
      done += 1;
      bytes += size;
      report({ type: "progress", done, total: files.length, bytes, totalBytes: list.bytes });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  await markSaved();
  return { files: files.length, bytes: list.bytes };
}

async function saveAndReport(client) {
  const tell = (message) => client && client.postMessage(message);
  try {
    const cache = await caches.open(CACHE);
    const saved = await saveAll(cache, tell);
    tell({ type: "saved", version: VERSION, files: saved.files, bytes: saved.bytes });
  } catch (error) {
    tell({ type: "save-failed", message: String(error && error.message ? error.message : error) });
  }
}
