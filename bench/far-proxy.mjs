// A TCP relay to 127.0.0.1:<port> that holds every chunk <ms> before passing it on, both ways: a
// registry as a CI runner sees one 2 × <ms> away. TLS passes through untouched; bandwidth is not
// limited, only latency added; chunks leave in the order they came (timers of one duration fire
// in the order they were set). Prints the port it listens on. Used by bench/push.mjs.
// Usage: node bench/far-proxy.mjs <port> <ms>
import net from 'node:net';

const [port, ms] = process.argv.slice(2).map(Number);
const server = net.createServer((client) => {
  const up = net.connect(port, '127.0.0.1');
  for (const s of [client, up]) {
    s.setNoDelay(true);
    s.on('error', () => {
      client.destroy();
      up.destroy();
    });
  }
  const later = (from, to) => {
    from.on('data', (d) => setTimeout(() => to.write(d), ms));
    from.on('end', () => setTimeout(() => to.end(), ms));
  };
  later(client, up);
  later(up, client);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
