#!/usr/bin/env node
// ftdojo's bridge from inside an agent's sandbox to the dojo's doors, which listen on unix
// sockets bound into it (the sandbox has no network). Standard library only: it runs under the
// same Node as ftdojo, without its node_modules.
//
//   node bridge.mjs stdio <socket>          MCP over stdio: stdin → socket, socket → stdout
//   node bridge.mjs tcp <port> <socket>     127.0.0.1:<port> (inside the sandbox) → socket, per connection
//
// Bytes are passed through unchanged: the door on the other end speaks MCP (stdio framing) or HTTP.
import { connect, createServer } from 'node:net';

const [mode, ...rest] = process.argv.slice(2);

if (mode === 'stdio' && rest.length === 1) {
  const socket = connect(rest[0]);
  socket.on('error', (error) => {
    process.stderr.write(`ftdojo bridge: ${error.message}\n`);
    process.exit(1);
  });
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
  socket.on('close', () => process.exit(0));
} else if (mode === 'tcp' && rest.length === 2) {
  const [port, path] = rest;
  createServer((client) => {
    const upstream = connect(path);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  }).listen(Number(port), '127.0.0.1');
} else {
  process.stderr.write('usage: bridge.mjs stdio <socket> | bridge.mjs tcp <port> <socket>\n');
  process.exit(2);
}
