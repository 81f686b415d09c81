// A package registry on 127.0.0.1 for tests/installs_real.rs, so that the installs run
// without the network: it makes the packages of SPEC_JSON's `npm` and `composer` (name
// -> version -> files) as tarballs, serves npm's packuments, a Composer repository
// (packages.json, whose entries take `autoload` and `bin` from the package's own
// composer.json) and the tarballs, and a PEP 503 simple index of the wheels in the
// folder given second (pip), and the files of the folder given third under /rubygems/
// (a RubyGems index `gem generate_index` made, for Bundler). Prints the port, then
// serves until it is killed.
//   node registry.js SPEC_JSON [WHEELS_DIR [GEMS_DIR]]
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const http = require("http");
const path = require("path");
const zlib = require("zlib");

// A ustar archive of `files` (name -> text) under `package/`, as `npm pack` makes.
function tar(files) {
  const blocks = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write("package/" + name, 0);
    h.write("0000644\0", 100);
    h.write("0000000\0", 108);
    h.write("0000000\0", 116);
    h.write(body.length.toString(8).padStart(11, "0") + "\0", 124);
    h.write("00000000000\0", 136);
    h.write("        ", 148);
    h.write("0", 156);
    h.write("ustar\0", 257);
    h.write("00", 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return zlib.gzipSync(Buffer.concat(blocks));
}

const { npm: spec, composer } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const wheels = process.argv[3];
const gems = process.argv[4];
const tarballs = new Map();
const server = http.createServer((req, res) => {
  const url = decodeURIComponent(req.url.split("?")[0]);
  const base = `http://127.0.0.1:${server.address().port}`;
  const send = (type, body) => {
    res.writeHead(200, { "content-type": type });
    res.end(body);
  };
  if (tarballs.has(url)) return send("application/octet-stream", tarballs.get(url));
  // Composer: one packages.json with every version's metadata and its dist tarball.
  if (url === "/packages.json") {
    const packages = {};
    for (const [name, versions] of Object.entries(composer)) {
      packages[name] = {};
      for (const [version, files] of Object.entries(versions)) {
        const file = `/composer/${name}-${version}.tgz`;
        tarballs.set(file, tar(files));
        const own = JSON.parse(files["composer.json"] || "{}");
        packages[name][version] = {
          ...own,
          name,
          version,
          dist: { type: "tar", url: base + file },
        };
      }
    }
    return send("application/json", JSON.stringify({ packages }));
  }
  const name = url.slice(1);
  if (spec[name]) {
    const versions = {};
    for (const [v, files] of Object.entries(spec[name])) {
      const file = `/${name}/-/${name}-${v}.tgz`;
      const data = tarballs.get(file) || tar({ "package.json": JSON.stringify({ name, version: v }), ...files });
      tarballs.set(file, data);
      versions[v] = {
        name,
        version: v,
        dist: {
          tarball: base + file,
          shasum: crypto.createHash("sha1").update(data).digest("hex"),
          integrity: "sha512-" + crypto.createHash("sha512").update(data).digest("base64"),
        },
      };
    }
    const latest = Object.keys(versions).sort().pop();
    return send("application/json", JSON.stringify({ name, versions, "dist-tags": { latest } }));
  }
  // pip: /simple/NAME/ lists the wheels whose names start with NAME-, /wheels/F is one.
  if (wheels && url.startsWith("/simple/")) {
    const project = url.split("/")[2];
    const links = fs
      .readdirSync(wheels)
      .filter((f) => f.toLowerCase().startsWith(project.replace(/-/g, "_") + "-"))
      .map((f) => `<a href="/wheels/${f}">${f}</a>`);
    return send("text/html", `<html><body>${links.join("\n")}</body></html>`);
  }
  if (wheels && url.startsWith("/wheels/")) {
    const f = path.join(wheels, path.basename(url));
    if (fs.existsSync(f)) return send("application/octet-stream", fs.readFileSync(f));
  }
  if (gems && url.startsWith("/rubygems/")) {
    const f = path.join(gems, path.normalize(url.slice("/rubygems/".length)));
    if (f.startsWith(gems) && fs.existsSync(f) && fs.statSync(f).isFile()) {
      return send("application/octet-stream", fs.readFileSync(f));
    }
  }
  res.writeHead(404);
  res.end();
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
