const g = require("./generated.json");
console.log(`generated ${g.name} ${g.built}`);
