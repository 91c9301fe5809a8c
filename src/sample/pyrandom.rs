//! CPython's `random.Random` (3.11), reproduced draw for draw so the sample builder gives the
//! same records as the Python script it replaced: the Mersenne Twister MT19937 seeded the way
//! CPython seeds it from an int, and the methods of `Lib/random.py` the builder calls, each
//! consuming the generator's words exactly as CPython does.

const N: usize = 624;
const M: usize = 397;

pub struct PyRandom {
    mt: [u32; N],
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)` for a non-negative int seed.
    pub fn new(seed: u64) -> PyRandom {
        // CPython splits abs(seed) into 32-bit words, least significant first (at least one).
        let mut key = vec![seed as u32];
        if seed >> 32 != 0 {
            key.push((seed >> 32) as u32);
        }
        let mut r = PyRandom {
            mt: [0; N],
            index: N,
        };
        r.init_by_array(&key);
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    fn twist(&mut self) {
        for k in 0..N {
            let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
            let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
            self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
        }
        self.index = 0;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `getrandbits(k)` for 1 <= k <= 32.
    pub fn getrandbits(&mut self, k: u32) -> u32 {
        debug_assert!((1..=32).contains(&k));
        self.next_u32() >> (32 - k)
    }

    /// `random()`: 53 random bits in [0, 1).
    pub fn random(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `_randbelow(n)`: rejection sampling with `getrandbits(n.bit_length())`.
    fn randbelow(&mut self, n: usize) -> usize {
        assert!(n > 0 && n <= u32::MAX as usize, "randbelow({n})");
        let k = usize::BITS - n.leading_zeros();
        loop {
            let r = self.getrandbits(k) as usize;
            if r < n {
                return r;
            }
        }
    }

    /// `randrange(start, stop)`.
    pub fn randrange(&mut self, start: i64, stop: i64) -> i64 {
        assert!(stop > start, "empty range for randrange({start}, {stop})");
        start + self.randbelow((stop - start) as usize) as i64
    }

    /// `randint(a, b)`: both ends included.
    pub fn randint(&mut self, a: i64, b: i64) -> i64 {
        self.randrange(a, b + 1)
    }

    /// `choice(seq)`.
    pub fn choice<'a, T>(&mut self, seq: &'a [T]) -> &'a T {
        &seq[self.randbelow(seq.len())]
    }

    /// `choice(seq)`, returning a clone (for lists built in place).
    pub fn pick<T: Clone>(&mut self, seq: &[T]) -> T {
        self.choice(seq).clone()
    }

    /// `sample(population, k)`, both of CPython's strategies (a shrinking pool for small
    /// populations, a set of chosen positions for large ones).
    pub fn sample<T: Clone>(&mut self, population: &[T], k: usize) -> Vec<T> {
        let n = population.len();
        assert!(k <= n, "sample larger than population");
        let mut setsize = 21usize;
        if k > 5 {
            // 4 ** ceil(log(k * 3, 4))
            let exp = ((k * 3) as f64).ln() / 4f64.ln();
            setsize += 4usize.pow(exp.ceil() as u32);
        }
        let mut result = Vec::with_capacity(k);
        if n <= setsize {
            let mut pool: Vec<T> = population.to_vec();
            for i in 0..k {
                let j = self.randbelow(n - i);
                result.push(pool[j].clone());
                pool[j] = pool[n - i - 1].clone();
            }
        } else {
            let mut selected = std::collections::HashSet::new();
            for _ in 0..k {
                let mut j = self.randbelow(n);
                while selected.contains(&j) {
                    j = self.randbelow(n);
                }
                selected.insert(j);
                result.push(population[j].clone());
            }
        }
        result
    }

    /// `choices(population, weights)[0]`: one weighted draw, by bisecting the cumulative
    /// weights at `random() * total`.
    pub fn weighted_index(&mut self, weights: &[f64]) -> usize {
        let mut cum = Vec::with_capacity(weights.len());
        let mut total = 0.0;
        for w in weights {
            total += w;
            cum.push(total);
        }
        let total = cum[cum.len() - 1] + 0.0;
        assert!(
            total > 0.0 && total.is_finite(),
            "weights must sum to a positive number"
        );
        let x = self.random() * total;
        // bisect_right(cum, x, 0, hi) with hi = n - 1
        let hi = weights.len() - 1;
        cum[..hi].partition_point(|&c| c <= x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from CPython 3.11:
    //   r = random.Random(20250701), then the calls below in this order.
    #[test]
    fn draws_match_cpython_for_the_sample_seed() {
        let mut r = PyRandom::new(20_250_701);
        let words: Vec<u32> = (0..3).map(|_| r.getrandbits(32)).collect();
        assert_eq!(words, [2052697137, 1909513647, 4010966743]);
        assert_eq!(r.random(), 0.13505191425642804);
        assert_eq!(r.random(), 0.1712632338796357);
        let dice: Vec<i64> = (0..10).map(|_| r.randint(1, 6)).collect();
        assert_eq!(dice, [2, 1, 1, 2, 3, 6, 2, 1, 2, 4]);
        let shifts: Vec<i64> = (0..10).map(|_| r.randint(-2, 2)).collect();
        assert_eq!(shifts, [0, -2, 1, 0, -1, -1, -1, 1, 2, 2]);
        assert_eq!(*r.choice(&["a", "b", "c", "d", "e"]), "c");
        assert_eq!(r.sample(&[4, 5, 6], 2), [6, 5]);
        assert_eq!(r.sample(&(0..6).collect::<Vec<_>>(), 2), [1, 0]);
        // 26 items: more than CPython's set-size threshold of 21, so the set strategy.
        assert_eq!(r.sample(&(3..29).collect::<Vec<_>>(), 2), [13, 5]);
        let xyz = ["x", "y", "z"];
        let w = [3.0, 0.5, 1.5];
        assert_eq!(xyz[r.weighted_index(&w)], "z");
        let drawn: String = (0..20).map(|_| xyz[r.weighted_index(&w)]).collect();
        assert_eq!(drawn, "xxxyxxzzxzzxzxxzyyxy");
        assert_eq!(r.random(), 0.13608807095661013);
    }

    #[test]
    fn a_seed_wider_than_32_bits_uses_two_key_words() {
        // random.Random(2**40 + 5).getrandbits(32) in CPython 3.11
        let mut r = PyRandom::new((1u64 << 40) + 5);
        assert_eq!(r.getrandbits(32), 2166296868);
    }
}
