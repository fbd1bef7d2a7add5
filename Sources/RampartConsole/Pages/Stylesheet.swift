/// The console's one stylesheet, served from /console/assets/console.css (the CSP allows no inline style).
enum Stylesheet {
    static let css = """
        body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #16191f; margin: 0; }
        main { max-width: 32rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px;
               box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
        h1 { font-size: 1.5rem; margin-top: 0; }
        h2 { font-size: 1.1rem; }
        form { margin: 1.5rem 0; }
        label { display: block; margin: .75rem 0; }
        input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
        button { background: #0b5fff; color: #fff; border: 0; padding: .6rem 1.2rem; border-radius: 4px; }
        .error { background: #fde8e8; border-left: 4px solid #d13212; padding: .75rem; }
        .notice { background: #e8f1fd; border-left: 4px solid #0b5fff; padding: .75rem; }
        dt { font-weight: 600; margin-top: .5rem; }
        dd { margin: 0; word-break: break-all; }
        """
}
