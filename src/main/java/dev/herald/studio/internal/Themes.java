package dev.herald.studio.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

import org.springframework.util.Assert;

/**
 * Themes of a set of posts: k-means++ (Apache Commons Math) over their unit vectors,
 * where the Euclidean distance orders pairs as their cosine does, the tightest of five
 * runs, with a fixed seed so that the same posts give the same themes. Each theme is
 * labelled by the terms most particular to it: frequent among its posts and rare among
 * the others (a class-based TF-IDF).
 */
final class Themes {

	/** Words that say nothing of a theme (English; hashtags and other words stay). */
	private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "are", "but", "not", "you", "your",
			"yours", "all", "any", "can", "had", "her", "was", "one", "our", "ours", "out", "day", "get", "has", "him",
			"his", "how", "man", "new", "now", "old", "see", "two", "way", "who", "boy", "did", "its", "let", "put",
			"say", "she", "too", "use", "with", "this", "that", "from", "have", "they", "will", "what", "when", "been",
			"were", "them", "then", "than", "there", "their", "these", "those", "into", "just", "like", "more", "most",
			"much", "only", "over", "some", "such", "very", "also", "about", "after", "again", "because", "before",
			"being", "both", "could", "does", "doing", "down", "each", "few", "here", "once", "other", "same", "should",
			"under", "until", "which", "while", "whom", "why", "would", "yourself", "today", "come", "came", "make",
			"made", "every", "where", "still", "here's", "it's", "we're", "don't", "we've", "i'm", "you're", "let's",
			"via", "amp", "https", "http", "www", "com");

	private static final Pattern WORD = Pattern.compile("#?[\\p{L}][\\p{L}\\p{N}'_-]*");

	private static final int SEED = 42;

	private static final int MAX_ITERATIONS = 100;

	/** Runs of k-means++, from different seeds, of which the tightest is kept. */
	private static final int TRIALS = 5;

	private Themes() {
	}

	/**
	 * A theme found.
	 *
	 * @param members the indexes of its posts, the nearest to its centre first
	 * @param terms the terms that label it, the most particular first
	 */
	record Theme(List<Integer> members, List<String> terms) {
	}

	/** How many themes to look for in {@code n} posts when none is asked for. */
	static int defaultK(int n) {
		return Math.max(2, Math.min(8, (int) Math.round(Math.sqrt(n / 2.0))));
	}

	/**
	 * The themes of these posts, the largest first.
	 * @param texts the posts' texts
	 * @param vectors their unit vectors, in the same order
	 * @param k how many themes (at most one per two posts)
	 * @param terms how many terms label each
	 */
	static List<Theme> find(List<String> texts, List<float[]> vectors, int k, int terms) {
		Assert.isTrue(texts.size() == vectors.size(), "one vector per text");
		int n = vectors.size();
		int clusters = Math.max(1, Math.min(k, n / 2));
		List<Point> points = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			points.add(new Point(i, vectors.get(i)));
		}
		// k-means++ from one start can settle in a poor split: the tightest of a few runs
		// (the least sum of squared distances to their centres; Commons Math's own
		// multi-run measure sums each cluster's variance, which favours lone outliers)
		List<CentroidCluster<Point>> found = null;
		double tightest = Double.MAX_VALUE;
		for (int trial = 0; trial < TRIALS; trial++) {
			JDKRandomGenerator random = new JDKRandomGenerator();
			random.setSeed(SEED + trial);
			List<CentroidCluster<Point>> candidate = new KMeansPlusPlusClusterer<Point>(clusters, MAX_ITERATIONS,
					new EuclideanDistance(), random, KMeansPlusPlusClusterer.EmptyClusterStrategy.FARTHEST_POINT)
				.cluster(points);
			double squares = 0;
			for (CentroidCluster<Point> cluster : candidate) {
				for (Point point : cluster.getPoints()) {
					squares += distance(point.getPoint(), cluster.getCenter().getPoint());
				}
			}
			if (squares < tightest) {
				tightest = squares;
				found = candidate;
			}
		}
		List<Set<String>> words = texts.stream().map(Themes::terms).toList();
		Map<String, Integer> documentFrequency = new HashMap<>();
		words.forEach((set) -> set.forEach((word) -> documentFrequency.merge(word, 1, Integer::sum)));
		List<Theme> themes = new ArrayList<>();
		for (CentroidCluster<Point> cluster : found) {
			if (cluster.getPoints().isEmpty()) {
				continue;
			}
			double[] centre = cluster.getCenter().getPoint();
			List<Integer> members = cluster.getPoints()
				.stream()
				.sorted(Comparator.comparingDouble((Point p) -> distance(p.getPoint(), centre)))
				.map(Point::index)
				.toList();
			themes.add(new Theme(members, label(members, words, documentFrequency, n, terms)));
		}
		themes.sort(Comparator.comparingInt((Theme theme) -> theme.members().size()).reversed());
		return themes;
	}

	/** The terms of a text, lower-cased, without stop words and short words. */
	static Set<String> terms(String text) {
		Set<String> terms = new LinkedHashSet<>();
		Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
		while (matcher.find()) {
			String word = matcher.group();
			String bare = word.startsWith("#") ? word.substring(1) : word;
			if (bare.length() >= 3 && !STOP_WORDS.contains(bare)) {
				terms.add(bare);
			}
		}
		return terms;
	}

	private static List<String> label(List<Integer> members, List<Set<String>> words,
			Map<String, Integer> documentFrequency, int n, int count) {
		Map<String, Integer> inTheme = new HashMap<>();
		members.forEach((i) -> words.get(i).forEach((word) -> inTheme.merge(word, 1, Integer::sum)));
		Set<String> seen = new HashSet<>();
		return inTheme.entrySet()
			.stream()
			// a term of one post only says nothing of a theme of several
			.filter((entry) -> members.size() == 1 || entry.getValue() > 1)
			// nor does a term of every post
			.filter((entry) -> members.size() == n || documentFrequency.get(entry.getKey()) < n)
			.sorted(Comparator
				.comparingDouble((Map.Entry<String, Integer> entry) -> -((double) entry.getValue() / members.size())
						* Math.log((double) (n + 1) / documentFrequency.get(entry.getKey())))
				.thenComparing(Map.Entry::getKey))
			.map(Map.Entry::getKey)
			.filter(seen::add)
			.limit(count)
			.toList();
	}

	private static double distance(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			double d = a[i] - b[i];
			sum += d * d;
		}
		return sum;
	}

	/** A post as k-means sees it. */
	private record Point(int index, double[] coordinates) implements Clusterable {

		Point(int index, float[] vector) {
			this(index, toDoubles(vector));
		}

		@Override
		public double[] getPoint() {
			return this.coordinates;
		}

		private static double[] toDoubles(float[] vector) {
			double[] doubles = new double[vector.length];
			for (int i = 0; i < vector.length; i++) {
				doubles[i] = vector[i];
			}
			return doubles;
		}

	}

}
