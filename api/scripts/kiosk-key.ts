import { eq } from 'drizzle-orm';
import { newSecret, sha256 } from '../platform/auth/secrets.js';
import { openStore } from '../platform/db/open.js';
import { kioskDevices } from '../platform/db/schema.js';
import { loadEnv } from '../platform/env.js';

// `npm run kiosk-key -- <deviceId>`: issue a new key for a kiosk (the old one stops working) and print its address.
const deviceId = process.argv[2];
const env = loadEnv();
const store = await openStore(env);
try {
  if (!deviceId) {
    const devices = await store.db.select({ id: kioskDevices.id, name: kioskDevices.name }).from(kioskDevices).all();
    console.log('Usage: npm run kiosk-key -- <deviceId>\nDevices:');
    for (const d of devices) console.log(`  ${d.id}  ${d.name}`);
    process.exitCode = 2;
  } else {
    const key = newSecret();
    const updated = await store.db
      .update(kioskDevices)
      .set({ keyHash: sha256(key), revokedAt: null })
      .where(eq(kioskDevices.id, deviceId))
      .returning({ id: kioskDevices.id })
      .all();
    if (updated.length === 0) {
      console.error(`No kiosk device "${deviceId}" / Không có thiết bị "${deviceId}"`);
      process.exitCode = 1;
    } else {
      const base = env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`;
      console.log(`${new URL(`/kiosk/${deviceId}`, base)}#key=${key}`);
    }
  }
} finally {
  await store.close();
}
