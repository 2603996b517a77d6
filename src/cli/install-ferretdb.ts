/** npm run db:install  Builds the embedded database's binary (FerretDB) if it is missing. */
import { loadConfig } from '../config';
import { ensureFerretDbBinary } from '../storage/embedded/ferretdb-binary';

const config = loadConfig();
ensureFerretDbBinary(config.ferretdbBinary, (m) => console.log(m))
  .then((binary) => console.log(`FerretDB is ready: ${binary}`))
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
