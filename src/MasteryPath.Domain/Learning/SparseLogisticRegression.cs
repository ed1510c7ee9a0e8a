namespace MasteryPath.Domain.Learning;

/// <summary>Rows of sparse features with 0/1 labels, in compressed-row form.</summary>
internal sealed class SparseRows
{
    private readonly List<int> _rowStart = [0];
    private readonly List<int> _index = [];
    private readonly List<float> _value = [];
    private readonly List<bool> _label = [];

    public int Count => _label.Count;

    public void Add(List<int> index, List<float> value, bool label)
    {
        _index.AddRange(index);
        _value.AddRange(value);
        _rowStart.Add(_index.Count);
        _label.Add(label);
    }

    public double Dot(int row, double[] weights)
    {
        double z = 0;
        for (var k = _rowStart[row]; k < _rowStart[row + 1]; k++)
        {
            z += weights[_index[k]] * _value[k];
        }

        return z;
    }

    public bool Label(int row) => _label[row];

    public void AddScaled(int row, double scale, double[] target)
    {
        for (var k = _rowStart[row]; k < _rowStart[row + 1]; k++)
        {
            target[_index[k]] += scale * _value[k];
        }
    }
}

/// <summary>
/// L2-regularised logistic regression fitted by full-batch L-BFGS with Armijo backtracking. The objective is
/// mean log loss + λ/2·Σ w², with weight 0 (the bias) not penalised.
/// </summary>
internal static class SparseLogisticRegression
{
    public static double Sigmoid(double z) => 1 / (1 + System.Math.Exp(-z));

    public static double[] Fit(SparseRows rows, int dimension, double lambda, double[]? start = null, int maxIterations = 300, int memory = 10, double tolerance = 1e-7)
    {
        var w = start is null ? new double[dimension] : (double[])start.Clone();
        var g = new double[dimension];
        var f = Evaluate(rows, w, lambda, g);
        var steps = new List<(double[] S, double[] Y, double Rho)>();
        var direction = new double[dimension];
        var candidate = new double[dimension];
        var candidateGradient = new double[dimension];
        var alpha = new double[memory];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            for (var j = 0; j < dimension; j++)
            {
                direction[j] = -g[j];
            }

            for (var k = steps.Count - 1; k >= 0; k--)
            {
                alpha[k] = steps[k].Rho * Dot(steps[k].S, direction);
                Axpy(-alpha[k], steps[k].Y, direction);
            }

            if (steps.Count > 0)
            {
                var last = steps[^1];
                var gamma = Dot(last.S, last.Y) / Dot(last.Y, last.Y);
                for (var j = 0; j < dimension; j++)
                {
                    direction[j] *= gamma;
                }
            }

            for (var k = 0; k < steps.Count; k++)
            {
                var beta = steps[k].Rho * Dot(steps[k].Y, direction);
                Axpy(alpha[k] - beta, steps[k].S, direction);
            }

            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                for (var j = 0; j < dimension; j++)
                {
                    direction[j] = -g[j];
                }

                slope = Dot(g, direction);
                steps.Clear();
            }

            var step = steps.Count == 0 && iteration == 0 ? 1.0 / System.Math.Max(1e-12, System.Math.Sqrt(Dot(g, g))) : 1.0;
            double candidateF = 0;
            var accepted = false;
            for (var search = 0; search < 30; search++)
            {
                for (var j = 0; j < dimension; j++)
                {
                    candidate[j] = w[j] + (step * direction[j]);
                }

                candidateF = Evaluate(rows, candidate, lambda, candidateGradient);
                if (candidateF <= f + (1e-4 * step * slope))
                {
                    accepted = true;
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                break;
            }

            var s = new double[dimension];
            var y = new double[dimension];
            for (var j = 0; j < dimension; j++)
            {
                s[j] = candidate[j] - w[j];
                y[j] = candidateGradient[j] - g[j];
            }

            var sy = Dot(s, y);
            if (sy > 1e-12)
            {
                if (steps.Count == memory)
                {
                    steps.RemoveAt(0);
                }

                steps.Add((s, y, 1 / sy));
            }

            var relative = (f - candidateF) / System.Math.Max(1e-12, System.Math.Abs(f));
            Array.Copy(candidate, w, dimension);
            Array.Copy(candidateGradient, g, dimension);
            f = candidateF;
            if (relative < tolerance && iteration > 5)
            {
                break;
            }
        }

        return w;
    }

    private static double Evaluate(SparseRows rows, double[] w, double lambda, double[] gradient)
    {
        Array.Clear(gradient);
        double loss = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var z = rows.Dot(i, w);
            var y = rows.Label(i) ? 1.0 : 0.0;
            loss += (z > 0 ? z + System.Math.Log(1 + System.Math.Exp(-z)) : System.Math.Log(1 + System.Math.Exp(z))) - (y * z);
            rows.AddScaled(i, Sigmoid(z) - y, gradient);
        }

        var n = System.Math.Max(1, rows.Count);
        double penalty = 0;
        for (var j = 0; j < w.Length; j++)
        {
            gradient[j] /= n;
            if (j > 0)
            {
                penalty += w[j] * w[j];
                gradient[j] += lambda * w[j];
            }
        }

        return (loss / n) + (0.5 * lambda * penalty);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
