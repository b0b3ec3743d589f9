-- wrk script: rotate through several searches, print p50/p95/p99 latency in ms at the end.
local queries = {"muoi+hat", "tom+kho", "dong+hai", "nuoc+mam", "gao+st25", "kho+ca+keo", "mat+ong", "cua+bien"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/tim-kiem/?q=" .. queries[(i % #queries) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("LATENCY p50=%.2f p95=%.2f p99=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("ERRORS status=%d connect=%d read=%d timeout=%d\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
