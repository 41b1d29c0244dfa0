namespace Connect4.Grains.Ratings;

/// <summary>Step 5 of Glickman's example: the new volatility, found with the Illinois algorithm.</summary>
public static partial class Glicko2
{
    /// <summary>
    /// More steps than Illinois ever takes on valid input (it converges superlinearly; the paper's example takes a
    /// handful): reaching it means the inputs were not what the checks let through, so it fails rather than loop.
    /// </summary>
    private const int MaxIterations = 100;

    /// <summary>
    /// σ': the root of the paper's f(x) = eˣ(Δ² − φ² − v − eˣ) / (2(φ² + v + eˣ)²) − (x − a) / τ², with a = ln σ², as
    /// σ' = e^(A/2). <paramref name="phi"/> is the deviation on the internal scale, <paramref name="v"/> and
    /// <paramref name="delta"/> are steps 3 and 4's variance and improvement.
    /// </summary>
    internal static double NewVolatility(double phi, double sigma, double v, double delta, double tau)
    {
        var a = Math.Log(sigma * sigma);
        var phiSquared = phi * phi;
        var deltaSquared = delta * delta;

        double F(double x)
        {
            var ex = Math.Exp(x);
            var denominator = phiSquared + v + ex;
            return ex * (deltaSquared - phiSquared - v - ex) / (2 * denominator * denominator) - (x - a) / (tau * tau);
        }

        // Step 5.2: bracket the root between A and B, so that f(A) and f(B) have opposite signs.
        var A = a;
        double B;
        if (deltaSquared > phiSquared + v)
        {
            B = Math.Log(deltaSquared - phiSquared - v);
        }
        else
        {
            var k = 1;
            while (F(a - k * tau) < 0)
            {
                k++;
            }

            B = a - k * tau;
        }

        // Steps 5.3 and 5.4: regula falsi, halving the retained end's value when the same end is kept twice (Illinois).
        var fA = F(A);
        var fB = F(B);
        for (var iteration = 0; Math.Abs(B - A) > Tolerance; iteration++)
        {
            if (iteration == MaxIterations)
            {
                throw new InvalidOperationException($"Glicko-2's volatility did not converge (φ {phi}, σ {sigma}, v {v}, Δ {delta}).");
            }

            var C = A + (A - B) * fA / (fB - fA);
            var fC = F(C);
            // ≤ rather than <: an exact zero at C keeps the root bracketed by B and C.
            if (fC * fB <= 0)
            {
                A = B;
                fA = fB;
            }
            else
            {
                fA /= 2;
            }

            B = C;
            fB = fC;
        }

        return Math.Exp(A / 2); // step 5.5
    }
}
