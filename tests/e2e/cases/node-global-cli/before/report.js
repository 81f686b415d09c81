const ms = require("ms");
console.log(JSON.stringify({ window: ms(90 * 60 * 1000), checks: 12 }));
