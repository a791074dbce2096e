// The benchmark's server settings. Unlike the test cluster (fsync and synchronous commit off, to be
// fast), the benchmark keeps a production server's durability, because credit and webhook
// throughput are bounded by commits: fsync, full page writes and synchronous_commit stay on.
// Memory is sized for the generated data set to fit in shared buffers, as on a production
// instance whose working set fits in memory.
export const benchClusterSettings: Record<string, string> = {
  max_connections: '100',
  shared_buffers: '1GB',
  effective_cache_size: '3GB',
  work_mem: '16MB',
  maintenance_work_mem: '256MB',
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
  fsync: 'on',
  synchronous_commit: 'on',
  full_page_writes: 'on',
};
