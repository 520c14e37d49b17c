// @ts-check
/**
 * A durable outbox in localStorage: every rating is written here before any network call, then
 * sent in order with its idempotency key. An item leaves the box only when the server has
 * answered for it (2xx, or a 4xx that no retry can fix), so nothing is lost and, thanks to the
 * key, nothing is stored twice.
 */

/** A v4 UUID; crypto.randomUUID exists only on secure origins, so fall back to getRandomValues. */
export function uuid() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Statuses worth retrying: the device key may be fixed, the server may recover. */
const RETRY = new Set([401, 408, 425, 429]);

/**
 * @param {string} storageKey
 * @param {() => Record<string, string>} headers extra headers for every request
 * @param {(pending: number) => void} onChange told how many ratings wait to be sent (held ones not yet)
 */
export function createOutbox(storageKey, headers, onChange) {
  /** @returns {{key: string, body: any, hold?: boolean}[]} */
  const load = () => JSON.parse(localStorage.getItem(storageKey) || '[]');
  /** @param {{key: string, body: any, hold?: boolean}[]} items */
  const save = (items) => {
    localStorage.setItem(storageKey, JSON.stringify(items));
    onChange(items.filter((i) => !i.hold).length);
  };
  let flushing = false;
  // A flush asked for while one runs (the network came back while a send was failing) runs after it.
  let again = false;

  async function flush() {
    if (flushing) {
      again = true;
      return;
    }
    flushing = true;
    try {
      do {
        again = false;
        await sendAll();
      } while (again);
    } finally {
      flushing = false;
    }
  }

  /** Sends the queue in order until it is empty or a send fails. */
  async function sendAll() {
    for (;;) {
      const item = load().find((i) => !i.hold);
      if (!item) return;
      let res;
      try {
        res = await fetch('/api/ratings', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': item.key, ...headers() },
          body: JSON.stringify(item.body),
          signal: AbortSignal.timeout(8000),
        });
      } catch {
        return; // offline or server unreachable: keep the item, try again later
      }
      if (res.status >= 500 || RETRY.has(res.status)) return;
      save(load().filter((i) => i.key !== item.key));
    }
  }

  return {
    flush,
    /** Adds a rating; a held one waits (e.g. for reason chips) until release(). */
    add(body, hold = false) {
      const key = uuid();
      save([...load(), { key, body, hold }]);
      return key;
    },
    /** @param {string} key @param {any} patch */
    release(key, patch) {
      save(load().map((i) => (i.key === key ? { key, body: { ...i.body, ...patch } } : i)));
    },
    releaseAll() {
      save(load().map(({ key, body }) => ({ key, body })));
    },
    pending: () => load().filter((i) => !i.hold).length,
  };
}
