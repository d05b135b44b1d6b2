//! Affine matrices in PDF's row-vector convention (`[a b c d e f]`).

/// An affine transform: `x' = a x + c y + e`, `y' = b x + d y + f`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix {
    /// Coefficients `[a, b, c, d, e, f]`.
    pub m: [f64; 6],
}

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix {
        m: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };

    /// From six coefficients.
    pub fn new(a: f64, b: f64, c: f64, d: f64, e: f64, f: f64) -> Matrix {
        Matrix {
            m: [a, b, c, d, e, f],
        }
    }

    /// A translation.
    pub fn translate(x: f64, y: f64) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, x, y)
    }

    /// `self` then `then` (PDF's `self × then`).
    pub fn then(&self, then: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.m;
        let [a2, b2, c2, d2, e2, f2] = then.m;
        Matrix::new(
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        )
    }

    /// Applies the transform to a point.
    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.m;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How much the transform scales lengths on average (square root of |det|).
    pub fn scale(&self) -> f64 {
        let [a, b, c, d, ..] = self.m;
        (a * d - b * c).abs().sqrt()
    }

    /// Length of the transformed unit vector along y (the size of an em for text).
    pub fn y_scale(&self) -> f64 {
        let [_, _, c, d, ..] = self.m;
        c.hypot(d)
    }

    /// Whether every coefficient is finite.
    pub fn is_finite(&self) -> bool {
        self.m.iter().all(|v| v.is_finite())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_in_pdf_order() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        let shift = Matrix::translate(10.0, 5.0);
        // Scale first, then shift.
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
        assert_eq!(scale.scale(), 2.0);
    }
}
