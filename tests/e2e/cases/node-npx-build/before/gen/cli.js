#!/usr/bin/env node
// A build tool run with npx after the install: it writes the app's generated file in
// the working directory, which the runtime must get from the builder.
const fs = require("fs");
const name = process.argv[process.argv.indexOf("--name") + 1];
fs.writeFileSync("generated.json", JSON.stringify({ name, built: true }));
