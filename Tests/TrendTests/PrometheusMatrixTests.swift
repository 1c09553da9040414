import XCTest
@testable import Trend

/// Range query answers as the Prometheus HTTP API writes them.
final class PrometheusMatrixTests: XCTestCase {
    func testAMatrixGivesItsSeriesWithoutNaNs() throws {
        let answer = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"go_goroutines","job":"api","instance":"a:8080"},
               "values":[[1700000000,"12"],[1700000015.5,"NaN"],[1700000030,"14"],[1700000045,"+Inf"]]}]}}
            """
        let series = try PrometheusMatrix.series(answer)
        XCTAssertEqual(series.count, 1)
        XCTAssertEqual(series[0].name, #"go_goroutines{instance="a:8080",job="api"}"#)
        XCTAssertEqual(series[0].samples, [Sample(time: 1_700_000_000, value: 12), Sample(time: 1_700_000_030, value: 14)])
        // a saved answer is a series file
        XCTAssertEqual(try SeriesParser.parse(answer).samples, series[0].samples)
    }

    func testAnswersThatAreNoOneSeriesSaySo() {
        func failure(_ text: String) -> String {
            do {
                _ = try SeriesParser.parse(text)
                return "parsed"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(failure(#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#),
                       "Prometheus answered error: bad_data: 1:5: parse error: unexpected end of input")
        XCTAssertTrue(failure(#"{"status":"success","data":{"resultType":"vector","result":[]}}"#).contains("not a matrix: ask /api/v1/query_range"))
        XCTAssertEqual(failure(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#), "the query matched no series")
        let two = #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"i":"a"},"values":[[1,"1"]]},{"metric":{"i":"b"},"values":[[1,"2"]]}]}}"#
        XCTAssertTrue(failure(two).hasPrefix(#"the query gave 2 series ({i="a"}, {i="b"}); narrow it to one"#), failure(two))
        XCTAssertEqual(failure(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}}"#),
                       #"series 1 ({}), value 1: "x" is not a number"#)
        XCTAssertEqual(failure(#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"NaN"]]}]}}"#),
                       "the series {} has no finite values in the range")
    }
}
