// jemalloc's options, read from this symbol when the program starts (jemalloc(3), "malloc_conf").
// Allocations of 1 MiB and more (a hostile store's answer growing to the outbound cap, a large
// page) go to jemalloc's oversize arena, which hands freed pages back to the system at once,
// so such an answer costs its memory only while it is read (OutboundPolicy's huge-answer test).
// Everything smaller keeps the default decay: returning those pages at once cost order.list 10%
// and ingest 12% in tests/bench/hot_paths_static.sh.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the name jemalloc looks up
const char* malloc_conf = "oversize_threshold:1048576";
}
