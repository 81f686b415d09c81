const ms = require("ms");
console.log(`hello from ${process.env.TZ}, ${ms(36e5)} window`);
