#!/usr/bin/env python3
# SQLite alone, for the audit ingest study in tests/bench/README.md: prints a SQL script that
# creates an audit_events-shaped table with the indexes of VARIANT (full, idonly, none,
# noentity, refs, refskey: refs with a 64-bit integer key of the id in place of its UNIQUE text
# index, refsbucket: refskey with the ref indexes under a bucket of 65,536 seqs, as gantryd has
# them since audit migration 5) and inserts ROWS generated rows in transactions of BATCH, timing
# each.
# Usage: ingest_variants.py VARIANT BATCH ROWS | sqlite3 DB   (sum the "Run Time: real" lines)
# A page size goes first: ... | sed 's/PRAGMA journal_mode=WAL;/PRAGMA page_size=16384; &/'
import sys
variant, batch, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
idx = {
 'full': ["CREATE INDEX t_time ON e (occurred_at, id)", "CREATE INDEX t_action ON e (action, occurred_at, id)",
          "CREATE INDEX t_aid ON e (actor_id)", "CREATE INDEX t_aname ON e (actor_name)",
          "CREATE INDEX t_tid ON e (target_id)", "CREATE INDEX t_tname ON e (target_name)"],
 'idonly': [], 'none': [],
 'refs': ["CREATE INDEX t_time ON e (occurred_at, id)", "CREATE INDEX t_action ON e (action, occurred_at, id)", "CREATE INDEX t_aref ON e (actor_ref)", "CREATE INDEX t_tref ON e (target_ref)"],
 'refskey': ["CREATE INDEX t_time ON e (occurred_at, id)", "CREATE INDEX t_action ON e (action, occurred_at, id)", "CREATE INDEX t_aref ON e (actor_ref)", "CREATE INDEX t_tref ON e (target_ref)", "CREATE INDEX t_key ON e (id_key)"],
 'refsbucket': ["CREATE INDEX t_time ON e (occurred_at, id)", "CREATE INDEX t_action ON e (action, occurred_at, id)", "CREATE INDEX t_aref ON e (seq >> 16, actor_ref)", "CREATE INDEX t_tref ON e (seq >> 16, target_ref)", "CREATE INDEX t_key ON e (id_key)"],
 'noentity': ["CREATE INDEX t_time ON e (occurred_at, id)", "CREATE INDEX t_action ON e (action, occurred_at, id)"],
}[variant]
uniq = "" if variant in ('none', 'refskey', 'refsbucket') else " UNIQUE"
print("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=16384;")
print(f"CREATE TABLE e (seq INTEGER PRIMARY KEY, id TEXT NOT NULL{uniq}, occurred_at INTEGER NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, target TEXT NOT NULL, scope TEXT NOT NULL, request TEXT NOT NULL, payload TEXT NOT NULL, metadata TEXT NOT NULL, version INTEGER NOT NULL, success INTEGER NOT NULL, actor_id TEXT, actor_name TEXT, target_id TEXT, target_name TEXT, actor_ref INTEGER, target_ref INTEGER, id_key INTEGER);")
for i in idx: print(i + ";")
print(".timer on")
for start in range(0, rows, batch):
    print("BEGIN;")
    print(f"""WITH RECURSIVE c(i) AS (SELECT {start} UNION ALL SELECT i+1 FROM c WHERE i < {start+batch-1})
INSERT OR IGNORE INTO e (id, occurred_at, action, actor, target, scope, request, payload, metadata, version, success, actor_id, actor_name, target_id, target_name, actor_ref, target_ref, id_key)
SELECT lower(hex(randomblob(16))), 1700000000000000000 + i*100000000 + abs(random()%50000000), 'workflow.job.' || (abs(random())%28),
 '{{"id":"u-' || (abs(random())%500) || '","name":"kabetox","type":"user"}}', '{{"id":"p-' || (abs(random())%2000) || '","name":"rimasux","type":"project"}}',
 '{{"id":"a-1","name":"acme","type":"account"}}', '{{"client_trace_id":"trace-' || (i%9973) || '","id":"req-' || i || '","ip_address":"10.0.0.7"}}',
 '{{"branch":"main","duration_ms":' || (abs(random())%600000) || ',"job":"build-' || (i%5000) || '"}}', '{{"source":"bench"}}', 1, 1,
 'u-' || (abs(random())%500), 'n' || (abs(random())%500), 'p-' || (abs(random())%2000), 't' || (abs(random())%2000), abs(random())%500, abs(random())%2000, random()
FROM c;""")
    print("COMMIT;")
