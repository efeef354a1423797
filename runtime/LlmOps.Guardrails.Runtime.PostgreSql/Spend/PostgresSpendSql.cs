namespace LlmOps.Guardrails.Runtime.PostgreSql.Spend
{
    /// <summary>The SQL of <see cref="PostgresSpendLedger"/>, for tables in one schema.</summary>
    internal sealed class PostgresSpendSql
    {
        public PostgresSpendSql(string quotedSchema)
        {
            Schema = quotedSchema;
            Ledger = quotedSchema + ".llmops_spend_ledger";
            Anomalies = quotedSchema + ".llmops_spend_anomalies";
        }

        public string Schema { get; }

        public string Ledger { get; }

        public string Anomalies { get; }

        public string SchemaSql =>
            $"CREATE SCHEMA IF NOT EXISTS {Schema};\n" +
            $"CREATE TABLE IF NOT EXISTS {Ledger} (\n" +
            "    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n" +
            "    started_at  timestamptz NOT NULL,\n" +
            "    hour_start  timestamptz NOT NULL,          -- started_at truncated to the UTC hour\n" +
            "    cost_usd    numeric     NOT NULL CHECK (cost_usd >= 0),\n" +
            "    feature     text,\n" +
            "    team        text,\n" +
            "    model       text,\n" +
            "    tenant      text,\n" +
            "    user_id     text\n" +
            ");\n" +
            $"CREATE INDEX IF NOT EXISTS llmops_spend_ledger_hour ON {Ledger} (hour_start);\n" +
            $"CREATE TABLE IF NOT EXISTS {Anomalies} (\n" +
            "    dimension    text        NOT NULL,          -- global | feature | team | model | tenant | user\n" +
            "    dim_key      text        NOT NULL,\n" +
            "    hour_start   timestamptz NOT NULL,\n" +
            "    kind         text        NOT NULL,          -- hour_vs_seasonal | hour_vs_last_24h | day_vs_previous_days\n" +
            "    spend_usd    double precision NOT NULL,\n" +
            "    baseline_usd double precision NOT NULL,\n" +
            "    z            double precision NOT NULL,\n" +
            "    raised_at    timestamptz NOT NULL DEFAULT now(),\n" +
            "    PRIMARY KEY (dimension, dim_key, hour_start)   -- one alert per value and hour, however many instances look\n" +
            ");\n";

        // $1..$8: started_at[], hour_start[], cost[], feature[], team[], model[], tenant[], user[].
        public string InsertSql =>
            $"INSERT INTO {Ledger} (started_at, hour_start, cost_usd, feature, team, model, tenant, user_id) " +
            "SELECT * FROM unnest($1::timestamptz[], $2::timestamptz[], $3::numeric[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])";

        /// <summary>
        /// The whole anomaly check of one hour in one statement: the hourly spend of every value of the checked dimensions
        /// over the lookback, the running hour against the hour-of-week EWMA (or the last 24 hours), the last 24 hours
        /// against the EWMA of the days before, and the insert of the alerts that crossed (the primary key keeps one per
        /// value and hour, so only the instance whose insert won gets the row back). Same rules as SpendAnomalyRule.
        /// </summary>
        /// <remarks>
        /// $1 hour start, $2 dimensions, $3 alpha, $4 seasonal weeks, $5 minimum seasonal weeks, $6 drift days,
        /// $7 minimum drift days, $8 z threshold, $9 minimum excess, $10 hour noise floor, $11 day noise floor, $12 lookback hours.
        /// </remarks>
        public string AnomalySql =>
            "WITH series AS (\n" +
            "    SELECT d.dimension, d.dim_key, (EXTRACT(EPOCH FROM ($1::timestamptz - l.hour_start)) / 3600)::int AS lag, sum(l.cost_usd)::float8 AS x\n" +
            $"    FROM {Ledger} l\n" +
            "    CROSS JOIN LATERAL (VALUES ('global', ''), ('feature', l.feature), ('team', l.team), ('model', l.model), ('tenant', l.tenant), ('user', l.user_id)) AS d(dimension, dim_key)\n" +
            "    WHERE l.hour_start > $1::timestamptz - make_interval(hours => $12 + 1) AND l.hour_start <= $1::timestamptz\n" +
            "      AND d.dim_key IS NOT NULL AND d.dimension = ANY($2::text[])\n" +
            "    GROUP BY 1, 2, 3\n" +
            "), keys AS (\n" +
            "    SELECT dimension, dim_key, max(lag) AS max_lag,\n" +
            "           sum(x) FILTER (WHERE lag = 0) AS spend,\n" +
            "           coalesce(sum(x) FILTER (WHERE lag BETWEEN 1 AND 23), 0) AS prev23,\n" +
            "           coalesce(sum(x) FILTER (WHERE lag BETWEEN 1 AND 24), 0) AS h24,\n" +
            "           coalesce(sum(x * x) FILTER (WHERE lag BETWEEN 1 AND 24), 0) AS h24_sq,\n" +
            "           coalesce(sum(power(1 - $3::float8, lag / 168 - 1) * x) FILTER (WHERE lag % 168 = 0 AND lag / 168 BETWEEN 1 AND $4), 0) AS s_wx,\n" +
            "           coalesce(sum(power(1 - $3::float8, lag / 168 - 1) * x * x) FILTER (WHERE lag % 168 = 0 AND lag / 168 BETWEEN 1 AND $4), 0) AS s_wxx\n" +
            "    FROM series GROUP BY 1, 2\n" +
            "    HAVING sum(x) FILTER (WHERE lag = 0) IS NOT NULL\n" +
            "), days AS (\n" +
            "    SELECT dimension, dim_key, lag / 24 AS k, sum(x) AS d FROM series WHERE lag >= 24 GROUP BY 1, 2, 3\n" +
            "), counted AS (\n" +
            "    SELECT k.*, least($4, k.max_lag / 168) AS n_s, least($6, greatest(k.max_lag - 23, 0) / 24) AS n_d FROM keys k\n" +
            "), drift AS (\n" +
            "    SELECT c.dimension, c.dim_key, sum(power(1 - $3::float8, d.k - 1) * d.d) AS d_wx, sum(power(1 - $3::float8, d.k - 1) * d.d * d.d) AS d_wxx\n" +
            "    FROM counted c JOIN days d ON d.dimension = c.dimension AND d.dim_key = c.dim_key AND d.k <= c.n_d\n" +
            "    GROUP BY 1, 2\n" +
            "), means AS (\n" +
            "    SELECT c.dimension, c.dim_key, c.spend, c.prev23, c.n_d,\n" +
            "           CASE WHEN c.n_s >= $5 THEN 'hour_vs_seasonal' WHEN c.max_lag >= 24 THEN 'hour_vs_last_24h' END AS hour_kind,\n" +
            "           CASE WHEN c.n_s >= $5 THEN c.s_wx / ((1 - power(1 - $3::float8, c.n_s)) / $3::float8) ELSE c.h24 / 24 END AS h_mean,\n" +
            "           CASE WHEN c.n_s >= $5 THEN c.s_wxx / ((1 - power(1 - $3::float8, c.n_s)) / $3::float8) ELSE c.h24_sq / 24 END AS h_m2,\n" +
            "           coalesce(dr.d_wx, 0) / ((1 - power(1 - $3::float8, greatest(c.n_d, 1))) / $3::float8) AS d_mean,\n" +
            "           coalesce(dr.d_wxx, 0) / ((1 - power(1 - $3::float8, greatest(c.n_d, 1))) / $3::float8) AS d_m2\n" +
            "    FROM counted c LEFT JOIN drift dr ON dr.dimension = c.dimension AND dr.dim_key = c.dim_key\n" +
            "), sigmas AS (\n" +
            "    SELECT m.*,\n" +
            "           greatest(sqrt(greatest(h_m2 - h_mean * h_mean, 0)), $10::float8 * greatest(h_mean, 0), $9::float8 / $8::float8) AS h_sigma,\n" +
            "           greatest(sqrt(greatest(d_m2 - d_mean * d_mean, 0)), $11::float8 * greatest(d_mean, 0), $9::float8 / $8::float8) AS d_sigma\n" +
            "    FROM means m\n" +
            "), scored AS (\n" +
            "    SELECT s.*,\n" +
            "           coalesce((spend - h_mean) / nullif(h_sigma, 0), CASE WHEN spend > h_mean THEN 'Infinity'::float8 ELSE 0 END) AS h_z,\n" +
            "           coalesce((spend + prev23 - d_mean) / nullif(d_sigma, 0), CASE WHEN spend + prev23 > d_mean THEN 'Infinity'::float8 ELSE 0 END) AS d_z\n" +
            "    FROM sigmas s\n" +
            "), hourly AS (\n" +
            "    SELECT dimension, dim_key, hour_kind AS kind, spend AS spend_usd, h_mean AS baseline_usd, h_z AS z FROM scored\n" +
            "    WHERE hour_kind IS NOT NULL AND h_z >= $8 AND spend - h_mean >= $9\n" +
            "), candidates AS (\n" +
            "    SELECT * FROM hourly\n" +
            "    UNION ALL\n" +
            "    SELECT s.dimension, s.dim_key, 'day_vs_previous_days', s.spend + s.prev23, s.d_mean, s.d_z FROM scored s\n" +
            "    WHERE s.n_d >= $7 AND s.d_z >= $8 AND s.spend + s.prev23 - s.d_mean >= $9\n" +
            "      AND NOT EXISTS (SELECT 1 FROM hourly h WHERE h.dimension = s.dimension AND h.dim_key = s.dim_key)\n" +
            // The 24-hour total still holds the excess of an alert raised in the day before: reported once, not every hour.
            $"      AND NOT EXISTS (SELECT 1 FROM {Anomalies} a WHERE a.dimension = s.dimension AND a.dim_key = s.dim_key\n" +
            "                      AND a.hour_start > $1::timestamptz - interval '24 hours' AND a.hour_start < $1::timestamptz)\n" +
            ")\n" +
            $"INSERT INTO {Anomalies} (dimension, dim_key, hour_start, kind, spend_usd, baseline_usd, z)\n" +
            "SELECT dimension, dim_key, $1::timestamptz, kind, spend_usd, baseline_usd, z FROM candidates\n" +
            "ON CONFLICT (dimension, dim_key, hour_start) DO NOTHING\n" +
            "RETURNING dimension, dim_key, kind, spend_usd, baseline_usd, z";

        // $1 first day (inclusive), $2 end (exclusive), $3 dimensions.
        public string DailySql =>
            // Rounded to 12 places: a sum of many long fractions can exceed the 28 digits of a .NET decimal.
            "SELECT d.dimension, d.dim_key, (l.hour_start AT TIME ZONE 'UTC')::date AS day, round(sum(l.cost_usd), 12) AS spend\n" +
            $"FROM {Ledger} l\n" +
            "CROSS JOIN LATERAL (VALUES ('global', ''), ('feature', l.feature), ('team', l.team), ('tenant', l.tenant)) AS d(dimension, dim_key)\n" +
            "WHERE l.hour_start >= $1 AND l.hour_start < $2 AND d.dim_key IS NOT NULL AND d.dimension = ANY($3::text[])\n" +
            "GROUP BY 1, 2, 3";

        public string PurgeSql => $"DELETE FROM {Ledger} WHERE hour_start < $1";
    }
}
