// Business tree, fruit (运行质效+考核评价), one row per given cell, as of $today (YYYY-MM-DD):
// problems raised (solved = their status at $at, read from the status history, in $solved;
// without history: 'reported' from reported_on, its status from resolved_on, as in
// graph/status_history.py); hazards found and in
// the cell at $at (the end of $today) (closed on time / late by their deadline, open past
// their deadline); training sessions
// held in [$since, $today]; monthly assessments: the cell's latest month up to $month with
// the sum and count of its scores then, and the sum and count of scores in
// [$from_month, $month]. The caller adds the cells up (sessions shared by cells once).
// Conditions sit inside the aggregates rather than in OPTIONAL MATCH ... WHERE, and each
// stage groups by cell (see nets.cypher): both are much faster on FalkorDB.
UNWIND $cells AS cell_uid
MATCH (c:Cell {uid: cell_uid})
OPTIONAL MATCH (pb:Problem)-[:RAISED_IN]->(c)
WITH c, pb,
     substring(last([s IN coalesce(pb.status_history,
                     CASE WHEN pb.resolved_on IS NULL
                          THEN [pb.reported_on + 'T00:00:00Z|' + pb.status]
                          ELSE [pb.reported_on + 'T00:00:00Z|reported',
                                pb.resolved_on + 'T00:00:00Z|' + pb.status] END)
                     WHERE substring(s, 0, 20) <= $at]), 21) AS pb_status
WITH c,
     count(CASE WHEN pb.reported_on <= $today THEN pb END) AS problems,
     count(CASE WHEN pb.reported_on <= $today AND pb_status IN $solved THEN pb END)
       AS problems_solved
OPTIONAL MATCH (h:Hazard)-[b:BELONGS_TO]->(c)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH c, problems, problems_solved,
     count(CASE WHEN h.found_on <= $today THEN h END) AS hazards,
     count(CASE WHEN h.found_on <= $today AND h.closed_on <= $today
                 AND (h.deadline IS NULL OR h.closed_on <= h.deadline)
           THEN h END) AS hazards_on_time,
     count(CASE WHEN h.found_on <= $today AND h.closed_on <= $today
                 AND h.closed_on > h.deadline
           THEN h END) AS hazards_late,
     count(CASE WHEN h.found_on <= $today AND h.deadline < $today
                 AND (h.closed_on IS NULL OR h.closed_on > $today)
           THEN h END) AS hazards_overdue
OPTIONAL MATCH (t:TrainingSession)-[:TRAINED]->(c)
WITH c, problems, problems_solved, hazards, hazards_on_time, hazards_late, hazards_overdue,
     collect(CASE WHEN t.held_on >= $since AND t.held_on <= $today
             THEN {uid: t.uid, attendees: t.attendees} END) AS sessions
OPTIONAL MATCH (a:Assessment)-[:ASSESSES]->(c)
WITH c, problems, problems_solved, hazards, hazards_on_time, hazards_late, hazards_overdue,
     sessions,
     max(CASE WHEN a.month <= $month THEN a.month END) AS latest_month,
     sum(CASE WHEN a.month >= $from_month AND a.month <= $month THEN a.score ELSE 0 END)
       AS year_sum,
     count(CASE WHEN a.month >= $from_month AND a.month <= $month THEN a END) AS year_count
OPTIONAL MATCH (a:Assessment)-[:ASSESSES]->(c)
RETURN c.uid AS cell, problems, problems_solved, hazards, hazards_on_time, hazards_late,
       hazards_overdue, sessions, latest_month,
       sum(CASE WHEN a.month = latest_month THEN a.score ELSE 0 END) AS latest_sum,
       count(CASE WHEN a.month = latest_month THEN a END) AS latest_count,
       year_sum, year_count
