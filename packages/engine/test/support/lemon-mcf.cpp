// Peer harness: solves a min-cost flow instance with LEMON's NetworkSimplex and prints
//   <status> <cost> <run-ms> <run-cpu-ms>
// on one line (status: OPTIMAL | INFEASIBLE | UNBOUNDED), optionally followed by one flow per line (--flows).
// Input: DIMACS min-cost flow text (--dimacs FILE) or the engine's raw binary dump (--bin FILE): float64 n, float64 m,
// float64 supply[n], int32 src[m], int32 dst[m], float64 cap[m], float64 cost[m]  (lower bounds 0).
// Only run() is timed, so parsing and graph building are not charged to LEMON.
#include <lemon/smart_graph.h>
#include <lemon/network_simplex.h>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace lemon;
typedef long long ll;

int main(int argc, char** argv) {
  if (argc < 3) { std::fprintf(stderr, "usage: %s --dimacs|--bin FILE [--flows]\n", argv[0]); return 2; }
  bool bin = std::strcmp(argv[1], "--bin") == 0;
  bool printFlows = argc > 3 && std::strcmp(argv[3], "--flows") == 0;
  FILE* f = std::fopen(argv[2], "rb");
  if (!f) { std::perror("open"); return 2; }
  int n = 0; long m = 0;
  std::vector<ll> supply, low, cap, cost; std::vector<int> src, dst;
  if (bin) {
    double hdr[2];
    if (std::fread(hdr, sizeof(double), 2, f) != 2) return 3;
    n = (int)hdr[0]; m = (long)hdr[1];
    std::vector<double> d(n > m ? n : m); std::vector<int> iv(m);
    supply.resize(n); src.resize(m); dst.resize(m); low.assign(m, 0); cap.resize(m); cost.resize(m);
    if (std::fread(d.data(), sizeof(double), n, f) != (size_t)n) return 3;
    for (int i = 0; i < n; i++) supply[i] = (ll)d[i];
    if (std::fread(src.data(), sizeof(int), m, f) != (size_t)m) return 3;
    if (std::fread(dst.data(), sizeof(int), m, f) != (size_t)m) return 3;
    if (std::fread(d.data(), sizeof(double), m, f) != (size_t)m) return 3;
    for (long i = 0; i < m; i++) cap[i] = (ll)d[i];
    if (std::fread(d.data(), sizeof(double), m, f) != (size_t)m) return 3;
    for (long i = 0; i < m; i++) cost[i] = (ll)d[i];
  } else {
    char line[512]; long a = 0;
    while (std::fgets(line, sizeof line, f)) {
      if (line[0] == 'p') { char t[16]; std::sscanf(line, "p %15s %d %ld", t, &n, &m); supply.assign(n, 0); src.resize(m); dst.resize(m); low.resize(m); cap.resize(m); cost.resize(m); }
      else if (line[0] == 'n') { int id; ll s; std::sscanf(line, "n %d %lld", &id, &s); supply[id - 1] = s; }
      else if (line[0] == 'a') { int u, v; ll l, c, w; std::sscanf(line, "a %d %d %lld %lld %lld", &u, &v, &l, &c, &w); src[a] = u - 1; dst[a] = v - 1; low[a] = l; cap[a] = c; cost[a] = w; a++; }
    }
  }
  std::fclose(f);
  SmartDigraph g;
  g.reserveNode(n); g.reserveArc(m);
  std::vector<SmartDigraph::Node> nodes(n);
  for (int i = 0; i < n; i++) nodes[i] = g.addNode();
  std::vector<SmartDigraph::Arc> arcs(m);
  for (long i = 0; i < m; i++) arcs[i] = g.addArc(nodes[src[i]], nodes[dst[i]]);
  SmartDigraph::NodeMap<ll> sup(g); SmartDigraph::ArcMap<ll> lo(g), up(g), co(g);
  ll sum = 0;
  for (int i = 0; i < n; i++) { sup[nodes[i]] = supply[i]; sum += supply[i]; }
  for (long i = 0; i < m; i++) { lo[arcs[i]] = low[i]; up[arcs[i]] = cap[i]; co[arcs[i]] = cost[i]; }
  // The engine accepts balanced supplies only (the DIMACS convention); mirror that instead of LEMON's GEQ default.
  if (sum != 0) { std::printf("INFEASIBLE 0 0 0\n"); return 0; }
  NetworkSimplex<SmartDigraph, ll, ll> ns(g);
  ns.lowerMap(lo).upperMap(up).costMap(co).supplyMap(sup);
  // CPU time beside wall time: on a shared machine the wall clock also counts the time other jobs held the core.
  std::clock_t c0 = std::clock();
  auto t0 = std::chrono::steady_clock::now();
  auto st = ns.run();
  auto t1 = std::chrono::steady_clock::now();
  std::clock_t c1 = std::clock();
  double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  double cpuMs = 1000.0 * (double)(c1 - c0) / CLOCKS_PER_SEC;
  const char* name = st == NetworkSimplex<SmartDigraph, ll, ll>::OPTIMAL ? "OPTIMAL" : st == NetworkSimplex<SmartDigraph, ll, ll>::INFEASIBLE ? "INFEASIBLE" : "UNBOUNDED";
  ll total = st == NetworkSimplex<SmartDigraph, ll, ll>::OPTIMAL ? ns.totalCost() : 0;
  std::printf("%s %lld %.3f %.3f\n", name, total, ms, cpuMs);
  if (printFlows && st == NetworkSimplex<SmartDigraph, ll, ll>::OPTIMAL)
    for (long i = 0; i < m; i++) std::printf("%lld\n", (ll)ns.flow(arcs[i]));
  return 0;
}
