// Packs the built library (run `npm run build` first; `npm run examples:pack` does both) into
// examples/.pack/react-lightreach-documents.tgz, the tarball every example installs (`file:../.pack/…`): the
// examples use the package exactly as published, never a workspace link into src/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (or `npm run examples:pack`).');
  process.exit(1);
}
const destination = join(root, 'examples/.pack');
mkdirSync(destination, { recursive: true });
const [{ filename }] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root, encoding: 'utf8' }),
);
const target = join(destination, 'react-lightreach-documents.tgz');
rmSync(target, { force: true });
renameSync(join(destination, filename), target);
console.log(`packed ${filename} → examples/.pack/react-lightreach-documents.tgz`);
