const ms = require("ms");
console.log(`node ${process.versions.node.split(".")[0]}, a day is ${ms("1d")} ms`);
