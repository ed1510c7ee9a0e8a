using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// The generated benchmark project also builds the web app; on a busy 2-core machine that takes longer than the default 2 minutes.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(MasteryPath.Benchmarks.DashboardBenchmarks).Assembly).Run(args, config);
