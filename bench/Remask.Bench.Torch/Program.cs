using Remask.Bench.Torch;
using Remask.Torch.Models;
using Remask.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// Usage: dotnet Remask.Bench.Torch.dll [mode=net|layers|layers-bf16|trainer|scalarstress|uncertainty|reweight] [samples=8] [est=all|auto|pass|bf16|KEY,KEY...: eval|evalfold|mc|mc1|tta|tta1|mcauto|ttaauto|mcpass|ttapass|evalbf|mcautobf|ttaautobf] [pass=K] [impl=torchsharp|remask] [iters=20000] [images=200] [epochs=1] [kind=derm|ct] [virtual=0|1] [parts=0|1] [size=64] [batch=16] [reps=20] [threads=N] [tune=1|0] [cl=0|1 (uncertainty: default 1, the model's default layout; others 0)] [scope=1|0]
var opt = new Dictionary<string, string>();
foreach (var a in args) { var kv = a.Split('=', 2); opt[kv[0]] = kv.Length > 1 ? kv[1] : "1"; }
string Get(string k, string d) => opt.TryGetValue(k, out var v) ? v : d;
int size = int.Parse(Get("size", "64")), batch = int.Parse(Get("batch", "16")), reps = int.Parse(Get("reps", "20"));
int threads = int.Parse(Get("threads", "0"));
bool tune = Get("tune", "1") == "1", cl = Get("cl", Get("mode", "net") == "uncertainty" ? "1" : "0") == "1", scope = Get("scope", "1") == "1";
bool tuned = tune && NativeMemoryTuning.Apply();
if (threads > 0) torch.set_num_threads(threads);
Console.WriteLine($"mode={Get("mode", "net")} threads={torch.get_num_threads()} interop={torch.get_num_interop_threads()} size={size} batch={batch} reps={reps} malloc-tuning={tuned} channels-last={cl} dispose-scope={scope}");
if (Get("mode", "net") == "layers") { Layers.Run(batch, reps, cl); return; }
if (Get("mode", "net") == "layers-bf16") { Layers.RunPrecisions(batch, reps); return; }
if (Get("mode", "net") == "scalarstress") { ScalarStress.Run(Get("impl", "torchsharp"), int.Parse(Get("iters", "20000"))); return; }
if (Get("mode", "net") == "uncertainty") { UncertaintyBench.Run(size, batch, reps, int.Parse(Get("samples", "8")), Get("est", "all"), int.Parse(Get("pass", "2")), cl); return; }
if (Get("mode", "net") == "reweight") { ReweightBench.Run(size, batch, reps, Get("virtual", "0") == "1", Get("parts", "0") == "1"); return; }
if (Get("mode", "net") == "trainer") { TrainerBench.Run(int.Parse(Get("images", "200")), size, batch, int.Parse(Get("epochs", "1")), Get("kind", "derm")); return; }
NetBench.Run(size, batch, reps, cl, scope);
