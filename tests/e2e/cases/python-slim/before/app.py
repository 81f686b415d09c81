import json, os, sqlite3, sys

db = sqlite3.connect(":memory:")
db.execute("create table t (v text)")
db.execute("insert into t values (?)", (os.environ["GREETING"],))
print(json.dumps({"python": sys.version_info[:2], "row": db.execute("select v from t").fetchone()[0]}))
