// `npm start`: Storybook on the embedded emulator when Storybook is set up; until then the emulator server alone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const storybook = existsSync('.storybook/main.ts');
const [command, args] = storybook
  ? ['npx', ['storybook', 'dev', '--port', process.env.PORT ?? '6006']]
  : [process.execPath, ['--import', 'tsx', 'src/mock/bin.ts', ...process.argv.slice(2)]];
process.stdout.write(
  storybook
    ? 'Starting Storybook on the embedded Documents API emulator…\n'
    : 'Storybook is not set up yet: serving the Documents API emulator (npm run mock-server) instead.\n',
);
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
