/**
 * A separate process that uses the embedded database of a data folder, as a second server
 * or a CLI would: prints the address, inserts documents on request, releases on "release".
 */
import readline from 'node:readline';
import { MongoClient } from 'mongodb';
import { useEmbeddedDatabase } from '../../src/storage/embedded/embedded-ferretdb';

async function main() {
  const embedded = await useEmbeddedDatabase({ dataDir: process.argv[2]!, ...(process.env.FERRETDB_BIN ? { binary: process.env.FERRETDB_BIN } : {}) });
  const client = await new MongoClient(embedded.uri).connect();
  const collection = client.db('shared').collection('marks');
  process.stdout.write(`uri ${embedded.uri}\n`);
  for await (const line of readline.createInterface({ input: process.stdin })) {
    const [command, count] = line.split(' ');
    if (command === 'insert') {
      let ok = 0;
      await Promise.all(
        Array.from({ length: Number(count) }, (_, i) =>
          collection.insertOne({ by: process.pid, i }).then(() => ok++),
        ),
      );
      process.stdout.write(`inserted ${ok}\n`);
    }
    if (command === 'release') {
      await client.close();
      await embedded.release();
      process.stdout.write('released\n', () => process.exit(0));
      return;
    }
  }
}

main().catch((error) => {
  process.stdout.write(`error ${(error as Error).message}\n`);
  process.exit(1);
});
