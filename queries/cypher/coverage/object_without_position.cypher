// Devices and areas of mapped cells that are not on the map: a device without lon/lat, an
// area without a territory.
MATCH (c:Cell)<-[b:BELONGS_TO]-(o:Equipment)
WHERE c.geometry IS NOT NULL AND o.lon IS NULL AND ($cells IS NULL OR c.uid IN $cells)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, c.uid AS cell, null AS net,
       {missing: ['lon', 'lat']} AS detail
UNION ALL
MATCH (c:Cell)<-[b:BELONGS_TO]-(o:Area)
WHERE c.geometry IS NOT NULL AND o.geometry IS NULL AND ($cells IS NULL OR c.uid IN $cells)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, c.uid AS cell, null AS net,
       {missing: ['geometry']} AS detail
