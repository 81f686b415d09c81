const tool = require("fetcher");
console.log(`tool ${tool.tool} v${tool.version}`);
